export * from './bullmq-queue';
export * from './in-process-queue';
export * from './job-store';
export * from './types';
