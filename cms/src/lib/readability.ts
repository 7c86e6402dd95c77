// The measure lives in shared (the demo-data schema applies it too); cms/scripts/sync-shared.js copies it.
export * from '../generated/readability';
