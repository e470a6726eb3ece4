/**
 * The service layer, built once by the composition root (app/fachwerk.ts) and handed to every
 * transport. Each bounded context adds its service here; transports never reach the database.
 */
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Db } from '../db/database.js';
import type { LiveEvents } from '../live/live-events.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { AuditService } from '../audit/audit.js';
import { AlertsService } from '../alerts/alerts.service.js';
import { CarrierBillingService } from '../carrier-billing/carrier-billing.service.js';
import { LabelsService } from '../labels/labels.service.js';
import { CompartmentPageService } from '../public/compartment-page.service.js';
import { ReceiptsService } from '../receipts/receipts.service.js';
import { SmsFlow } from '../sms/flow/sms-flow.service.js';
import { SmsGateway } from '../sms/gateway/sms-gateway.service.js';
import { BillingService } from '../billing/billing.service.js';
import { LocalListService } from '../local-list/local-list.service.js';
import { PricingService } from '../pricing/pricing.service.js';
import { CardDecider, FreeStationDecider } from '../authorization/card.decider.js';
import { AuthorizationService } from '../authorization/authorization.service.js';
import { CommandService } from '../commands/commands.service.js';
import { DashboardService } from '../dashboard/dashboard.service.js';
import { InstitutionsService } from '../institutions/institutions.service.js';
import { LocationsService } from '../locations/locations.service.js';
import { MessageLogService } from '../message-log/message-log.service.js';
import { ConnectionRegistry } from '../ocpp/connections.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { StaffService } from '../staff/staff.service.js';
import { LoginService } from '../identity/login.service.js';
import { PasswordService } from '../identity/password.service.js';
import { MailService } from '../mail/mail.service.js';
import { StationStateService } from '../stations/station-state.service.js';
import { WriteBatcher } from '../shared/write-batcher.js';
import { StationsService } from '../stations/stations.service.js';
import { AuthTokensService } from '../tokens/tokens.service.js';
import { SelfServiceService } from '../self-service/self-service.service.js';

export interface ServiceDeps {
  config: Config;
  db: Db;
  log: Logger;
  live: LiveEvents;
  now: () => Date;
}

export interface Services {
  deps: ServiceDeps;
  accounts: AccountsService;
  alerts: AlertsService;
  audit: AuditService;
  carrierBilling: CarrierBillingService;
  compartmentPages: CompartmentPageService;
  labels: LabelsService;
  receipts: ReceiptsService;
  smsGateway: SmsGateway;
  smsFlow: SmsFlow;
  billing: BillingService;
  localLists: LocalListService;
  pricing: PricingService;
  authTokens: AuthTokensService;
  authorization: AuthorizationService;
  commands: CommandService;
  connections: ConnectionRegistry;
  dashboard: DashboardService;
  institutions: InstitutionsService;
  locations: LocationsService;
  messageLog: MessageLogService;
  sessions: SessionsService;
  staff: StaffService;
  login: LoginService;
  passwords: PasswordService;
  mail: MailService;
  stations: StationsService;
  stationState: StationStateService;
  selfService: SelfServiceService;
}

export function createServices(deps: ServiceDeps): Services {
  const connections = new ConnectionRegistry();
  const cards = new CardDecider(deps.db);
  const authorization = new AuthorizationService([cards, new FreeStationDecider(deps.db)], { cards });
  // On a database server, rounds of batched writes overlap; the embedded database runs one at a time.
  const writes = new WriteBatcher(deps.db, { concurrency: deps.config.databaseUrl === undefined ? 1 : 2 });
  const commands = new CommandService({ ...deps, connections });
  const sessions = new SessionsService({ ...deps, authorization, writes });
  const pricing = new PricingService(deps);
  const billing = new BillingService({ ...deps, pricer: pricing });
  sessions.onSessionCompleted(billing);
  const alerts = new AlertsService(deps);
  const smsGateway = new SmsGateway(deps);
  const smsFlow = new SmsFlow({ ...deps, outbox: smsGateway, commands, pricing, alerts, connections });
  authorization.addDecider(smsFlow.pinDecider, 'first');
  smsGateway.setHandler(smsFlow);
  // After billing: the closing SMS reads the charge record billing froze in the same transaction.
  sessions.onSessionCompleted(smsFlow);
  const staff = new StaffService(deps);
  const mail = new MailService(deps);
  return {
    deps,
    connections,
    commands,
    dashboard: new DashboardService(deps),
    alerts,
    carrierBilling: new CarrierBillingService(deps),
    compartmentPages: new CompartmentPageService({ ...deps, pricing }),
    labels: new LabelsService(deps),
    receipts: new ReceiptsService(deps),
    smsGateway,
    smsFlow,
    accounts: new AccountsService(deps),
    billing,
    localLists: new LocalListService({ ...deps, commands }),
    pricing,
    audit: new AuditService(deps),
    authTokens: new AuthTokensService(deps),
    authorization,
    institutions: new InstitutionsService(deps),
    locations: new LocationsService(deps),
    messageLog: new MessageLogService({ ...deps, writes }),
    sessions,
    staff,
    login: new LoginService({ ...deps, staff }),
    passwords: new PasswordService({ ...deps, mail }),
    mail,
    stations: new StationsService(deps),
    stationState: new StationStateService({ ...deps, writes }),
    selfService: new SelfServiceService({ ...deps, pricer: pricing }),
  };
}
