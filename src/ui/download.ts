/** Saving a file from the page: an object URL behind a temporary <a download>. */

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the URL after click() returns; revoking at once could cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** "CreditHeatmaps" → "credit-heatmaps": file names in one style whatever a panel's id looks like. */
export function kebabCase(name: string): string {
  return (
    name
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'figure'
  );
}
