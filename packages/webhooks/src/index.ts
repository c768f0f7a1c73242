export * from './redact-deliveries';
export * from './signing';
export * from './webhook-service';
