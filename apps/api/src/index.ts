export { createApp } from './app';
export { type Config, ConfigError, loadConfig } from './config';
export { type Container, createContainer } from './container';
export { DEMO_COLLECTION, seedDemo } from './demo-seed';
export { createLogger } from './logger';
export { startTempContainer } from './temp-container';
export { waitForJobs } from './wait-for-jobs';
