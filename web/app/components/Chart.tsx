// A small SVG chart of daily counts: lines for a few series, with the same
// numbers in a table for screen readers (the picture is aria-hidden).
import { label } from '../format';

export interface ChartSeries {
  name: string;
  values: number[];
  color: string;
}

export function Chart({ title, days, series }: { title: string; days: string[]; series: ChartSeries[] }) {
  const width = 640;
  const height = 200;
  const padding = 28;
  const max = Math.max(1, ...series.flatMap((line) => line.values));
  const x = (index: number) => padding + (index * (width - 2 * padding)) / Math.max(1, days.length - 1);
  const y = (value: number) => height - padding - (value * (height - 2 * padding)) / max;
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false">
        <line x1={padding} y1={height - padding} x2={width - padding} y2={height - padding} stroke="#8c959f" />
        <text x={2} y={padding} font-size="11" fill="#57606a">
          {max}
        </text>
        <text x={padding} y={height - 8} font-size="11" fill="#57606a">
          {days[0] ?? ''}
        </text>
        <text x={width - padding} y={height - 8} font-size="11" fill="#57606a" text-anchor="end">
          {days[days.length - 1] ?? ''}
        </text>
        {series.map((line) => (
          <polyline key={line.name} fill="none" stroke={line.color} stroke-width="2" points={line.values.map((value, index) => `${x(index)},${y(value)}`).join(' ')} />
        ))}
      </svg>
      <ul class="legend" aria-hidden="true">
        {series.map((line) => (
          <li key={line.name}>
            <span style={{ background: line.color }} /> {label(line.name)}
          </li>
        ))}
      </ul>
      <table class="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {series.map((line) => (
              <th scope="col" key={line.name}>
                {label(line.name)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((day, index) => (
            <tr key={day}>
              <th scope="row">{day}</th>
              {series.map((line) => (
                <td key={line.name}>{line.values[index]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** The last `days` days, today included, as ISO dates (the reader's calendar). */
export function lastDays(days: number): { from: string; to: string } {
  const iso = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  const to = new Date();
  const from = new Date(to.getTime() - (days - 1) * 86_400_000);
  return { from: iso(from), to: iso(to) };
}
