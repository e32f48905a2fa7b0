// Admins: accounts, companies waiting for verification, the platform's pulse.
import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import { useQuery, mutateThen, type ApiError } from '../graphql';
import { Page } from '../components/Page';
import { Loading, Failure, Empty } from '../components/Status';
import { Chart, lastDays } from '../components/Chart';
import { label, date, timezone } from '../format';

const UsersOperation = graphql(`
  query AdminUsers($query: String) {
    users(filter: { query: $query }, first: 25) {
      totalCount
      edges { node { id email firstName lastName role isVerified isActive createdAt } }
    }
  }
`);

const CompaniesOperation = graphql(`
  query AdminCompanies {
    companies(first: 100) {
      edges { node { id name isVerified createdAt owner { email } } }
    }
  }
`);

const VerifyCompanyOperation = graphql(`
  mutation VerifyCompany($id: ID!) {
    verifyCompany(id: $id, verified: true) { id isVerified }
  }
`);

const PlatformStatsOperation = graphql(`
  query PlatformStats($from: Date!, $to: Date!, $timezone: String) {
    platformStats(from: $from, to: $to, granularity: DAY, timezone: $timezone) {
      series { start activeUsers jobSeekerSignups employerSignups applications jobsPublished }
      totals { activeUsers jobSeekerSignups employerSignups jobsPublished applications hires searches zeroResultSearches }
    }
  }
`);

export function Admin() {
  return (
    <Page title="Administration" wide>
      <PlatformPulse />
      <Companies />
      <Users />
    </Page>
  );
}

function PlatformPulse() {
  const result = useQuery(PlatformStatsOperation, { ...lastDays(30), timezone });
  const stats = result.data?.platformStats;
  return (
    <section aria-labelledby="pulse">
      <h2 id="pulse">Last 30 days</h2>
      {result.loading && !stats ? <Loading what="platform statistics" /> : null}
      <Failure errors={result.errors} what="Platform statistics" retry={result.refetch} />
      {stats ? (
        <>
          <ul class="totals">
            {Object.entries(stats.totals)
              .filter(([name]) => name !== '__typename')
              .map(([name, value]) => (
                <li key={name}>
                  <strong>{String(value)}</strong> {label(name.replace(/([A-Z])/g, '_$1'))}
                </li>
              ))}
          </ul>
          <Chart
            title="Active users, sign-ups and applications by day"
            days={stats.series.map((point) => point.start)}
            series={[
              { name: 'active_users', values: stats.series.map((point) => point.activeUsers), color: '#1f4fd1' },
              { name: 'sign_ups', values: stats.series.map((point) => point.jobSeekerSignups + point.employerSignups), color: '#8250df' },
              { name: 'applications', values: stats.series.map((point) => point.applications), color: '#1a7f37' },
            ]}
          />
        </>
      ) : null}
    </section>
  );
}

function Companies() {
  const result = useQuery(CompaniesOperation);
  const [error, setError] = useState<ApiError | null>(null);
  const waiting = result.data?.companies.edges.map(({ node }) => node).filter((company) => !company.isVerified) ?? [];
  return (
    <section aria-labelledby="to-verify">
      <h2 id="to-verify">Companies to verify</h2>
      <Failure errors={result.errors} what="Companies" retry={result.refetch} />
      {error ? <p class="error" role="alert">{error.message}</p> : null}
      {result.data && !waiting.length ? <Empty>Every listed company is verified.</Empty> : null}
      <ul class="rows">
        {waiting.map((company) => (
          <li key={company.id}>
            {company.name} <small>· {company.owner?.email ?? 'owner unknown'} · since {date(company.createdAt)}</small>{' '}
            <button
              type="button"
              onClick={() => mutateThen(VerifyCompanyOperation, { id: company.id }, result.refetch, setError)}
            >
              Verify<span class="visually-hidden"> {company.name}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Users() {
  const [query, setQuery] = useState('');
  const result = useQuery(UsersOperation, { query: query || undefined });
  const users = result.data?.users;
  return (
    <section aria-labelledby="accounts">
      <h2 id="accounts">Accounts{users ? ` (${users.totalCount})` : ''}</h2>
      <label for="user-query">Find by name or email</label>{' '}
      <input id="user-query" type="search" value={query} onInput={(event) => setQuery(event.currentTarget.value)} />
      <Failure errors={result.errors} what="Accounts" retry={result.refetch} />
      <table class="jobs-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Joined</th>
          </tr>
        </thead>
        <tbody>
          {users?.edges.map(({ node }) => (
            <tr key={node.id}>
              <th scope="row">
                {node.firstName} {node.lastName}
                {node.isActive ? '' : ' (blocked)'}
              </th>
              <td>{node.email}</td>
              <td>{label(node.role)}</td>
              <td>{date(node.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
