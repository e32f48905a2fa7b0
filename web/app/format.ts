// How values read to people: enum labels, money, dates in the reader's own timezone.

export const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function label(value: string): string {
  const text = value.replace(/_/g, ' ').toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function money(amount: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
}

export function salary(value: { min: number; max: number; currency: string; period: string } | null | undefined): string | null {
  if (!value) return null;
  const per = { YEAR: 'a year', MONTH: 'a month', HOUR: 'an hour' }[value.period] ?? '';
  return `${money(value.min, value.currency)} – ${money(value.max, value.currency)} ${per}`;
}

/** A moment in the reader's timezone, with the zone named. */
export function dateTime(iso: string, zone: string = timezone): string {
  // (dateStyle and timeStyle cannot be combined with timeZoneName.)
  return new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: zone,
    timeZoneName: 'short',
  }).format(new Date(iso));
}

export function date(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(iso));
}

export function ago(iso: string): string {
  const seconds = (Date.now() - new Date(iso).getTime()) / 1000;
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  if (seconds < 60) return format.format(-Math.round(seconds), 'second');
  if (seconds < 3600) return format.format(-Math.round(seconds / 60), 'minute');
  if (seconds < 86400) return format.format(-Math.round(seconds / 3600), 'hour');
  return format.format(-Math.round(seconds / 86400), 'day');
}

/** Search snippets mark matches with <mark> over escaped text; anything else is shown as text. */
export function markedSnippet(snippet: string): string {
  return snippet.replace(/<(?!\/?mark>)/g, '&lt;');
}
