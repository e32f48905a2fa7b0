// A job's performance for its employer: views, unique viewers, apply
// starts and applications by day in the reader's timezone, and the funnel.
import { graphql } from '../gql';
import { useQuery } from '../graphql';
import { Page } from '../components/Page';
import { Loading, Failure } from '../components/Status';
import { Chart, lastDays } from '../components/Chart';
import { label, timezone } from '../format';

const JobStatsOperation = graphql(`
  query JobStats($id: ID!, $from: Date!, $to: Date!, $timezone: String) {
    job(id: $id) {
      id
      title
      stats(from: $from, to: $to, granularity: DAY, timezone: $timezone) {
        series { start views uniqueViewers applyStarts applications }
        totals { views uniqueViewers applyStarts applications hires conversionRate }
        funnel { step count }
        bySource { source views applyStarts applications }
      }
    }
  }
`);

export function JobStats({ id }: { id: string }) {
  const range = lastDays(30);
  const result = useQuery(JobStatsOperation, { id, ...range, timezone });
  const job = result.data?.job;
  const stats = job?.stats;
  return (
    <Page title={job ? `Performance: ${job.title}` : 'Performance'}>
      {result.loading && !result.data ? <Loading what="the job's performance" /> : null}
      <Failure errors={result.errors} what="The job's performance" retry={result.refetch} />
      {stats ? (
        <>
          <p>
            Last 30 days ({timezone}): {stats.totals.views} views by {stats.totals.uniqueViewers} visitors, {stats.totals.applications} applications
            {stats.totals.conversionRate != null ? ` (${(stats.totals.conversionRate * 100).toFixed(1)}% of visitors)` : ''}.
          </p>
          <Chart
            title="Views, visitors and applications by day"
            days={stats.series.map((point) => point.start)}
            series={[
              { name: 'views', values: stats.series.map((point) => point.views), color: '#1f4fd1' },
              { name: 'unique_viewers', values: stats.series.map((point) => point.uniqueViewers), color: '#8250df' },
              { name: 'applications', values: stats.series.map((point) => point.applications), color: '#1a7f37' },
            ]}
          />
          <h2>Funnel</h2>
          <ol class="funnel">
            {stats.funnel.map((step) => (
              <li key={step.step}>
                {label(step.step)}: <strong>{step.count}</strong>
              </li>
            ))}
          </ol>
          {stats.bySource.length ? (
            <>
              <h2>Where visitors came from</h2>
              <table class="jobs-table">
                <thead>
                  <tr>
                    <th scope="col">Source</th>
                    <th scope="col">Views</th>
                    <th scope="col">Apply starts</th>
                    <th scope="col">Applications</th>
                  </tr>
                </thead>
                <tbody>
                  {stats.bySource.map((source) => (
                    <tr key={source.source}>
                      <th scope="row">{source.source}</th>
                      <td>{source.views}</td>
                      <td>{source.applyStarts}</td>
                      <td>{source.applications}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
