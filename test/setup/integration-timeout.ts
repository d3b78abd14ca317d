// Integration tests talk to a real network: allow minutes, not Jest's default 5 s.
jest.setTimeout(180_000);
