// The app's services (API client, typed API, module runtime), provided to components and stores.
import { inject, type InjectionKey } from 'vue';
import { createAdminClient, type AdminClient, type AdminClientOptions } from './api/client';
import { createHubApi, type HubApi } from './api/hub';
import { createBackofficeApi, type BackofficeApi } from './api/backoffice';

export interface Services {
  client: AdminClient;
  api: HubApi;
  backoffice: BackofficeApi;
}

export const ServicesKey: InjectionKey<Services> = Symbol('hub-services');

export function createServices(options: AdminClientOptions = {}): Services {
  const client = createAdminClient(options);
  return { client, api: createHubApi(client), backoffice: createBackofficeApi(client) };
}

export function useServices(): Services {
  const s = inject(ServicesKey);
  if (!s) throw new Error('Hub services are not provided (app.provide(ServicesKey, createServices()))');
  return s;
}
