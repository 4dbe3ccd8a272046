/** Timestamp shapes of the dialects. Ours are ISO-8601 UTC with milliseconds ("2025-10-15T10:30:00.123Z"). */

/** Laravel's JSON date: microseconds, "2025-10-15T10:30:00.123000Z". */
export const laravelTimestamp = (iso: string) => iso.replace(/\.(\d{3})Z$/, '.$1000Z');
export const laravelTimestampOrNull = (iso: string | null | undefined) => (iso ? laravelTimestamp(iso) : null);

/** A MySQL DATETIME as PHP apps print it, in UTC: "2023-09-28 19:15:22". */
export const sqlDateTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The date parts Carbon formats for chat bubbles (UTC): year "2023", month "03", "24-Mar", "March 24, 2023", "09:53 am". */
export const carbonParts = (iso: string) => {
  const d = new Date(iso);
  const month = MONTHS[d.getUTCMonth()]!;
  const day = String(d.getUTCDate()).padStart(2, '0');
  const hours = d.getUTCHours();
  const hh = String(hours % 12 === 0 ? 12 : hours % 12).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return {
    year: String(d.getUTCFullYear()),
    month: String(d.getUTCMonth() + 1).padStart(2, '0'),
    day_of_month: `${day}-${month.slice(0, 3)}`,
    date: `${month} ${day}, ${d.getUTCFullYear()}`,
    time: `${hh}:${mm} ${hours < 12 ? 'am' : 'pm'}`,
  };
};
