export const ISOLATION_HEADERS: Readonly<Record<string, string>>;
