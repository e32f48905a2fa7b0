// Search: the query, filters, sort and page live in the URL, so a search
// is a link, and back and forward move through searches.
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { JobSearchFilter, JobSearchSort } from '../gql/graphql';
import { useQuery, execute, mutate, ApiError } from '../graphql';
import { session } from '../session';
import { Page } from '../components/Page';
import { SearchBox } from '../components/SearchBox';
import { Loading, Failure, Empty } from '../components/Status';
import { label, markedSnippet, money, salary, ago } from '../format';
import { trackEvent } from '../analytics';

const SearchJobsOperation = graphql(`
  query SearchJobs($query: String, $filter: JobSearchFilter, $sort: JobSearchSort, $after: String) {
    searchJobs(query: $query, filter: $filter, sort: $sort, first: 20, after: $after) {
      searchId
      totalCount
      facets {
        employmentType { value label count }
        experienceLevel { value label count }
        remotePolicy { value label count }
        skill { value label count }
        country { value label count }
        city { value label count }
        salary { from to count }
      }
      edges {
        cursor
        score
        highlights { field snippet }
        node {
          id
          title
          employmentType
          experienceLevel
          remotePolicy
          publishedAt
          salary { min max currency period }
          locations { city countryCode }
          company { id name isVerified }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const SaveSearchOperation = graphql(`
  mutation SaveSearch($input: SaveSearchInput!) {
    saveSearch(input: $input) { id name frequency }
  }
`);

const ClickedOperation = graphql(`
  mutation SearchResultClicked($searchId: ID!, $jobId: ID!, $position: Int!) {
    searchResultClicked(searchId: $searchId, jobId: $jobId, position: $position)
  }
`);

/** URL parameter -> filter field; each may repeat. */
const LIST_PARAMS = {
  remote: 'remotePolicies',
  type: 'employmentTypes',
  level: 'experienceLevels',
  skill: 'skills',
  country: 'countryCodes',
  city: 'cities',
} as const;

type ListParam = keyof typeof LIST_PARAMS;

const FACETS: { param: ListParam; facet: 'remotePolicy' | 'employmentType' | 'experienceLevel' | 'skill' | 'country' | 'city'; title: string }[] = [
  { param: 'remote', facet: 'remotePolicy', title: 'Workplace' },
  { param: 'type', facet: 'employmentType', title: 'Employment type' },
  { param: 'level', facet: 'experienceLevel', title: 'Level' },
  { param: 'skill', facet: 'skill', title: 'Skills' },
  { param: 'country', facet: 'country', title: 'Country' },
  { param: 'city', facet: 'city', title: 'City' },
];

const SORTS: JobSearchSort[] = ['RELEVANCE', 'DATE', 'SALARY'];

/** The search page's URL for a query and filter (a saved search, say). */
export function searchUrl(query: string, filter: Record<string, unknown> | null): string {
  const params = new URLSearchParams();
  if (query) params.set('q', query);
  for (const [param, field] of Object.entries(LIST_PARAMS)) {
    const values = filter?.[field];
    if (Array.isArray(values)) values.forEach((value) => params.append(param, String(value)));
  }
  if (typeof filter?.salaryAtLeast === 'number') params.set('salary', String(filter.salaryAtLeast));
  const search = params.toString();
  return search ? `/?${search}` : '/';
}

function filterFrom(params: URLSearchParams): JobSearchFilter {
  const filter: Record<string, unknown> = {};
  for (const [param, field] of Object.entries(LIST_PARAMS)) {
    const values = params.getAll(param);
    if (values.length) filter[field] = values;
  }
  const salaryAtLeast = Number(params.get('salary'));
  if (salaryAtLeast > 0) filter.salaryAtLeast = salaryAtLeast;
  return filter as JobSearchFilter;
}

export function Search() {
  const location = useLocation();
  const params = new URLSearchParams(location.url.split('?')[1] ?? '');
  const query = params.get('q') ?? '';
  const sort = (SORTS as string[]).includes(params.get('sort') ?? '') ? (params.get('sort') as JobSearchSort) : 'RELEVANCE';
  const after = params.get('after') ?? undefined;
  const filter = filterFrom(params);
  const result = useQuery(SearchJobsOperation, { query: query || undefined, filter, sort, after });

  const go = (change: (next: URLSearchParams) => void, keepPage = false) => {
    const next = new URLSearchParams(params);
    change(next);
    if (!keepPage) next.delete('after');
    const search = next.toString();
    location.route(search ? `/?${search}` : '/');
  };

  const search = result.data?.searchJobs;
  useEffect(() => {
    if (search && !after) trackEvent({ type: 'SEARCH_PERFORMED', properties: { resultCount: search.totalCount } });
  }, [search?.searchId]);

  return (
    <Page title={query ? `Jobs for “${query}”` : 'Find your next job'} wide>
      <SearchBox initial={query} onSearch={(text) => go((next) => (text ? next.set('q', text) : next.delete('q')))} />
      <div class="search-layout">
        <aside class="facets" aria-label="Narrow the results">
          {search ? (
            <>
              {FACETS.map(({ param, facet, title }) => {
                const counts = search.facets[facet];
                const chosen = params.getAll(param);
                if (!counts.length && !chosen.length) return null;
                return (
                  <fieldset key={param}>
                    <legend>{title}</legend>
                    {counts.slice(0, 8).map((count) => {
                      const id = `facet-${param}-${count.value}`;
                      const checked = chosen.includes(count.value);
                      return (
                        <div class="facet" key={count.value}>
                          <input
                            type="checkbox"
                            id={id}
                            checked={checked}
                            onChange={() =>
                              go((next) => {
                                next.delete(param);
                                const values = checked ? chosen.filter((value) => value !== count.value) : [...chosen, count.value];
                                values.forEach((value) => next.append(param, value));
                              })
                            }
                          />
                          <label for={id}>
                            {facetLabel(facet, count)} <span class="count">{count.count}</span>
                          </label>
                        </div>
                      );
                    })}
                  </fieldset>
                );
              })}
              <fieldset>
                <legend>Yearly salary</legend>
                <label for="salary-at-least">At least (EUR)</label>
                <select
                  id="salary-at-least"
                  value={params.get('salary') ?? ''}
                  onChange={(event) => go((next) => (event.currentTarget.value ? next.set('salary', event.currentTarget.value) : next.delete('salary')))}
                >
                  <option value="">Any</option>
                  {search.facets.salary.map((band) => (
                    <option key={band.from} value={String(band.from)}>
                      {money(band.from, 'EUR')}+ ({band.count})
                    </option>
                  ))}
                </select>
              </fieldset>
            </>
          ) : null}
        </aside>
        <div class="results">
          <div class="results-bar">
            <p aria-live="polite">{search ? `${search.totalCount} ${search.totalCount === 1 ? 'job' : 'jobs'}` : ''}</p>
            <label>
              Sort by{' '}
              <select value={sort} onChange={(event) => go((next) => next.set('sort', event.currentTarget.value))}>
                {SORTS.map((value) => (
                  <option key={value} value={value}>
                    {label(value)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {result.loading && !search ? <Loading what="jobs" /> : null}
          <Failure errors={result.errors} what="Some of the results" retry={result.refetch} />
          {search && !search.edges.length ? <Empty>No job matches yet. Try fewer words or filters.</Empty> : null}
          <ol class="job-list" aria-busy={result.loading}>
            {search?.edges.map((edge, position) => {
              const job = edge.node;
              if (!job) return null;
              const title = edge.highlights.find((highlight) => highlight.field === 'title')?.snippet;
              const description = edge.highlights.find((highlight) => highlight.field === 'description')?.snippet;
              return (
                <li key={job.id} class="job-card">
                  <h2>
                    <a
                      href={`/jobs/${job.id}`}
                      onClick={() => {
                        if (search.searchId) void execute(ClickedOperation, { searchId: search.searchId, jobId: job.id, position });
                      }}
                      dangerouslySetInnerHTML={{ __html: title ? markedSnippet(title) : escapeText(job.title) }}
                    />
                  </h2>
                  <p class="meta">
                    {job.company?.name ?? 'A company'}
                    {job.company?.isVerified ? <span class="badge">verified</span> : null} ·{' '}
                    {job.locations.map((place) => `${place.city}, ${place.countryCode}`).join('; ') || label(job.remotePolicy)} ·{' '}
                    {label(job.remotePolicy)} · {label(job.employmentType)}
                  </p>
                  {salary(job.salary) ? <p class="salary">{salary(job.salary)}</p> : null}
                  {description ? <p class="snippet" dangerouslySetInnerHTML={{ __html: markedSnippet(description) }} /> : null}
                  {job.publishedAt ? <p class="posted">Posted {ago(job.publishedAt)}</p> : null}
                </li>
              );
            })}
          </ol>
          {session.value?.role === 'JOB_SEEKER' && search ? <SaveSearch key={`${query}|${JSON.stringify(filter)}`} query={query} filter={filter} /> : null}
          <nav class="pager" aria-label="Pages">
            {after ? (
              <button type="button" onClick={() => history.back()}>
                Previous page
              </button>
            ) : null}
            {search?.pageInfo.hasNextPage && search.pageInfo.endCursor ? (
              <button type="button" onClick={() => go((next) => next.set('after', search.pageInfo.endCursor!), true)}>
                Next page
              </button>
            ) : null}
          </nav>
        </div>
      </div>
    </Page>
  );
}

const regionNames = new Intl.DisplayNames(undefined, { type: 'region' });

/** Enum values read as words, country codes as country names. */
function facetLabel(facet: string, count: { value: string; label: string }): string {
  if (facet === 'country') return regionNames.of(count.value) ?? count.label;
  if (count.label === count.value && /^[A-Z_]+$/.test(count.value)) return label(count.value);
  return count.label;
}

/** Saving the search on screen as an alert: new jobs that match it are sent to the seeker. */
function SaveSearch({ query, filter }: { query: string; filter: JobSearchFilter }) {
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  if (saved) {
    return (
      <p class="notice" role="status">
        Saved “{saved}”: new jobs that match it will be sent to you. <a href="/saved-searches">Your saved searches</a>
      </p>
    );
  }
  return (
    <form
      class="save-search"
      aria-label="Save this search"
      onSubmit={async (event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        try {
          setError(null);
          const name = String(data.get('name') ?? '').trim() || query || 'All jobs';
          const result = await mutate(SaveSearchOperation, {
            input: { name, query, filter, frequency: data.get('frequency') === 'INSTANT' ? 'INSTANT' : 'DAILY' },
          });
          setSaved(result.saveSearch.name);
        } catch (caught) {
          setError(caught instanceof ApiError ? caught : null);
        }
      }}
    >
      <label for="saved-search-name">Save this search as</label>
      <input id="saved-search-name" name="name" placeholder={query || 'All jobs'} />
      <label for="saved-search-frequency">Tell me</label>
      <select id="saved-search-frequency" name="frequency">
        <option value="DAILY">once a day</option>
        <option value="INSTANT">at once</option>
      </select>
      <button type="submit">Save search</button>
      {error ? <p class="error" role="alert">{error.message}</p> : null}
    </form>
  );
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
