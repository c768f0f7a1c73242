export { type BullmqQueueOptions, createBullmqQueue } from './bullmq-queue';
export { createInProcessQueue, type InProcessQueueOptions } from './in-process-queue';
export { type ClaimOptions, createJobStore, type JobStore, type NewJob } from './job-store';
export * from './types';
