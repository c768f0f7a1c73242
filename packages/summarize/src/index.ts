export * from './summarize-job';
export * from './summarize-service';
