import { lazyPage } from '../../app/lazy-page';
import { createElement } from 'react';
import type { Feature } from '../../app/feature';
import { stationsMessages } from './messages';
import './stations.css';

const LocationsPage = lazyPage(() => import('./LocationsPage'), 'LocationsPage');
const StationDetailPage = lazyPage(() => import('./StationDetailPage'), 'StationDetailPage');
const StationGroupsPage = lazyPage(() => import('./StationGroupsPage'), 'StationGroupsPage');
const StationsPage = lazyPage(() => import('./StationsPage'), 'StationsPage');

/** Stations and their compartments, remote commands, locations and station groups. */
export const stationsFeature: Feature = {
  namespace: 'stations',
  messages: stationsMessages,
  routes: [
    {
      path: 'stations',
      element: createElement(StationsPage),
      access: { kind: 'staff', permission: 'stations:read' },
      nav: { group: 'operations', labelKey: 'nav.stations', order: 20 },
    },
    {
      path: 'stations/:stationId',
      element: createElement(StationDetailPage),
      access: { kind: 'staff', permission: 'stations:read' },
    },
    {
      path: 'locations',
      element: createElement(LocationsPage),
      access: { kind: 'staff', permission: 'stations:read' },
      nav: { group: 'operations', labelKey: 'nav.locations', order: 30 },
    },
    {
      path: 'station-groups',
      element: createElement(StationGroupsPage),
      access: { kind: 'staff', permission: 'stations:read' },
      nav: { group: 'operations', labelKey: 'nav.groups', order: 40 },
    },
  ],
};
