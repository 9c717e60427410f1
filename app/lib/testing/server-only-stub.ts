// Tests import server modules directly; Next's bundler enforces "server-only" in the app.
export {};
