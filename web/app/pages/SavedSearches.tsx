// A seeker's saved searches (job alerts): run one, or delete it.
import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import { useQuery, mutateThen, type ApiError } from '../graphql';
import { Page } from '../components/Page';
import { Loading, Failure, Empty } from '../components/Status';
import { date, label } from '../format';
import { searchUrl } from './Search';

const SavedSearchesOperation = graphql(`
  query MySavedSearches {
    mySavedSearches { id name query filter frequency createdAt }
  }
`);

const DeleteSavedSearchOperation = graphql(`
  mutation DeleteSavedSearch($id: ID!) {
    deleteSavedSearch(id: $id)
  }
`);

export function SavedSearches() {
  const result = useQuery(SavedSearchesOperation);
  const [error, setError] = useState<ApiError | null>(null);
  const saved = result.data?.mySavedSearches ?? [];
  return (
    <Page title="Saved searches">
      {result.loading && !result.data ? <Loading what="your saved searches" /> : null}
      <Failure errors={result.errors} what="Your saved searches" retry={result.refetch} />
      {error ? <p class="error" role="alert">{error.message}</p> : null}
      {result.data && !saved.length ? <Empty>No saved search yet: save one from the results of a search.</Empty> : null}
      <ul class="rows" aria-label="Saved searches">
        {saved.map((search) => (
          <li key={search.id}>
            <a href={searchUrl(search.query, search.filter ? JSON.parse(search.filter) : null)}>{search.name}</a>
            <small>
              {' '}
              · {label(search.frequency)} · since {date(search.createdAt)}
            </small>{' '}
            <button
              type="button"
              class="link"
              onClick={() => mutateThen(DeleteSavedSearchOperation, { id: search.id }, result.refetch, setError)}
            >
              Delete<span class="visually-hidden"> {search.name}</span>
            </button>
          </li>
        ))}
      </ul>
    </Page>
  );
}
