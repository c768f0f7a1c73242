export * from './repositories/sentiment-batches-repo';
export * from './repositories/sentiment-models-repo';
export * from './sentiment-batch-job';
export * from './sentiment-batch-service';
export * from './sentiment-interactive-gate';
export * from './sentiment-service';
export * from './sentiment-upload-rows';
