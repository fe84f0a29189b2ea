/** A duration in seconds as a short phrase: "42 s", "5 min 3 s", "2 h 10 min", "3 d 4 h". */
export function formatDuration(totalSeconds: number | bigint): string {
  const seconds = Math.max(0, Math.floor(Number(totalSeconds)));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}
