/** The throw-away cluster `.ci/run` starts (scripts/test-postgres.sh); unset means the PostgreSQL suite is skipped. */
export const testPostgresUrl = process.env.TEST_POSTGRES_URL;

export const POSTGRES_SKIPPED_LINE =
  'PostgreSQL suite skipped: TEST_POSTGRES_URL is not set. Run it with: eval "$(scripts/test-postgres.sh start)" && npm test (bash .ci/run does this).';
