export * from './signing';
export * from './webhook-service';
