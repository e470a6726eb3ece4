CREATE SEQUENCE "public"."ocpp16_transaction_id" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "accounting_strategies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"minimum_balance_cents" integer DEFAULT 0 NOT NULL,
	"payment_term_days" integer DEFAULT 14 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"strategy_id" uuid NOT NULL,
	"holder_kind" text NOT NULL,
	"number" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"station_id" uuid,
	"charge_point_id" uuid,
	"kind" text NOT NULL,
	"severity" text NOT NULL,
	"message" jsonb NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"staff_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"institution_id" uuid,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"target" text,
	"details" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auth_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"value" text NOT NULL,
	"type" text DEFAULT 'ISO14443' NOT NULL,
	"status" text DEFAULT 'accepted' NOT NULL,
	"expires_at" timestamp with time zone,
	"label" text,
	"user_id" uuid,
	"company_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "carrier_charges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"charge_record_id" uuid NOT NULL,
	"sms_session_id" uuid NOT NULL,
	"phone" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"status" text NOT NULL,
	"adapter" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"provider_reference" text,
	"error" text,
	"settled_at" timestamp with time zone,
	"credit_note_id" uuid,
	"pseudonymised_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "charge_points" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"station_id" uuid NOT NULL,
	"evse_id" integer NOT NULL,
	"short_name" text NOT NULL,
	"status" text DEFAULT 'Unknown' NOT NULL,
	"error_code" text,
	"status_info" text,
	"status_at" timestamp with time zone,
	"door" text,
	"door_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "charge_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"kind" text DEFAULT 'session' NOT NULL,
	"session_id" uuid NOT NULL,
	"corrects_id" uuid,
	"station_id" uuid NOT NULL,
	"charge_point_id" uuid,
	"evse_id" integer,
	"charge_point_name" text,
	"id_tag" text,
	"token_id" uuid,
	"user_id" uuid,
	"company_id" uuid,
	"account_id" uuid,
	"strategy_kind" text,
	"started_at" timestamp with time zone NOT NULL,
	"stopped_at" timestamp with time zone NOT NULL,
	"duration_seconds" integer NOT NULL,
	"energy_wh" bigint NOT NULL,
	"tariff_id" uuid,
	"tariff_snapshot" jsonb,
	"lines" jsonb NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"total_cents" integer NOT NULL,
	"vat_rate_bp" integer NOT NULL,
	"net_cents" integer NOT NULL,
	"vat_cents" integer NOT NULL,
	"booking" text NOT NULL,
	"reason" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "companies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"name" text NOT NULL,
	"street" text,
	"postal_code" text,
	"city" text,
	"country" text DEFAULT 'DE' NOT NULL,
	"vat_id" text,
	"email" text,
	"account_id" uuid NOT NULL,
	"master_token_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "discounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"strategy_id" uuid NOT NULL,
	"name" text NOT NULL,
	"target_kind" text NOT NULL,
	"target_id" uuid,
	"percent_bp" integer,
	"amount_cents" integer,
	"stackable" boolean DEFAULT false NOT NULL,
	"valid_from" timestamp with time zone,
	"valid_to" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_lines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"document_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"charge_record_id" uuid,
	"ledger_entry_id" bigint,
	"description" text NOT NULL,
	"quantity" text,
	"vat_rate_bp" integer NOT NULL,
	"net_cents" integer NOT NULL,
	"vat_cents" integer NOT NULL,
	"gross_cents" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_sequences" (
	"institution_id" uuid NOT NULL,
	"series" text NOT NULL,
	"year" integer NOT NULL,
	"next" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"number" text NOT NULL,
	"account_id" uuid,
	"period_start" timestamp with time zone,
	"period_end" timestamp with time zone,
	"issued_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"issuer" jsonb NOT NULL,
	"recipient" jsonb NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"net_cents" integer NOT NULL,
	"vat_cents" integer NOT NULL,
	"gross_cents" integer NOT NULL,
	"cancels_id" uuid,
	"pdf" "bytea" NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "driver_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "emails" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"purpose" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "institutions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"accept_unknown_stations" boolean DEFAULT false NOT NULL,
	"legal_name" text,
	"street" text,
	"postal_code" text,
	"city" text,
	"country" text DEFAULT 'DE' NOT NULL,
	"vat_id" text,
	"tax_number" text,
	"billing_email" text,
	"iban" text,
	"bic" text,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"sms_max_session_minutes" integer,
	"platform_fee_bp" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "institutions_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "keypad_guards" (
	"station_id" uuid PRIMARY KEY NOT NULL,
	"institution_id" uuid NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"window_started_at" timestamp with time zone,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"institution_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"charge_record_id" uuid,
	"document_id" uuid,
	"idempotency_key" text,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "local_list_entries" (
	"station_id" uuid NOT NULL,
	"id_tag" text NOT NULL,
	"status" text NOT NULL,
	"expires_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "locations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"name" text NOT NULL,
	"street" text,
	"postal_code" text,
	"city" text,
	"country" text DEFAULT 'DE' NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meter_values" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"institution_id" uuid NOT NULL,
	"station_id" uuid NOT NULL,
	"session_id" uuid,
	"evse_id" integer,
	"sampled_at" timestamp with time zone NOT NULL,
	"measurand" text NOT NULL,
	"phase" text,
	"location" text,
	"context" text,
	"unit" text,
	"value" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ocpp_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"station_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"message_type" integer NOT NULL,
	"message_id" text NOT NULL,
	"action" text,
	"payload" json,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"response_type" integer,
	"response" json,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "password_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"staff_id" uuid,
	"user_id" uuid,
	"purpose" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "price_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"name" text NOT NULL,
	"target_kind" text NOT NULL,
	"target_id" uuid,
	"tariff_id" uuid NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "remote_commands" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"station_id" uuid NOT NULL,
	"command" text NOT NULL,
	"action" text NOT NULL,
	"request" jsonb NOT NULL,
	"response" jsonb,
	"status" text DEFAULT 'pending' NOT NULL,
	"error" text,
	"requested_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"station_id" uuid NOT NULL,
	"charge_point_id" uuid,
	"evse_id" integer,
	"transaction_id" text NOT NULL,
	"ocpp_version" text NOT NULL,
	"id_tag" text,
	"id_tag_type" text,
	"authorization_status" text,
	"authorization_reason" text,
	"token_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"stopped_at" timestamp with time zone,
	"meter_start_wh" bigint,
	"meter_stop_wh" bigint,
	"energy_wh" bigint DEFAULT 0 NOT NULL,
	"stop_reason" text,
	"last_seq_no" integer,
	"offline" boolean DEFAULT false NOT NULL,
	"remote_start_id" integer,
	"sms_session_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid,
	"direction" text NOT NULL,
	"provider" text NOT NULL,
	"provider_message_id" text,
	"from_number" text NOT NULL,
	"to_number" text NOT NULL,
	"text" text NOT NULL,
	"language" text,
	"kind" text,
	"status" text NOT NULL,
	"segments" integer,
	"in_reply_to_id" uuid,
	"sms_session_id" uuid,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"error" text,
	"received_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"pseudonymised_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_numbers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"number" text NOT NULL,
	"label" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"station_id" uuid NOT NULL,
	"charge_point_id" uuid NOT NULL,
	"evse_id" integer NOT NULL,
	"service_number" text NOT NULL,
	"phone" text NOT NULL,
	"language" text NOT NULL,
	"receipt_pin" text NOT NULL,
	"receipt_token" text NOT NULL,
	"remote_start_id" integer,
	"state" text NOT NULL,
	"session_id" uuid,
	"failure_reason" text,
	"stop_requested_at" timestamp with time zone,
	"reminder_sent_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"pseudonymised_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"institution_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"totp_secret" text,
	"totp_enabled_at" timestamp with time zone,
	"totp_last_step" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "staff_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"staff_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "station_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"institution_id" uuid NOT NULL,
	"station_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "station_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"charge_box_id" text NOT NULL,
	"name" text,
	"kind" text DEFAULT 'charge_point' NOT NULL,
	"location_id" uuid,
	"group_id" uuid,
	"password_hash" text,
	"registration" text DEFAULT 'accepted' NOT NULL,
	"ocpp_version" text,
	"vendor" text,
	"model" text,
	"serial_number" text,
	"firmware_version" text,
	"firmware_status" text,
	"diagnostics_status" text,
	"last_boot_at" timestamp with time zone,
	"last_seen_at" timestamp with time zone,
	"connected_node" text,
	"connected_at" timestamp with time zone,
	"authorization_mode" text DEFAULT 'cards' NOT NULL,
	"local_list_enabled" boolean DEFAULT true NOT NULL,
	"local_list_version" integer DEFAULT 0 NOT NULL,
	"local_list_synced_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stations_charge_box_id_unique" UNIQUE("charge_box_id")
);
--> statement-breakpoint
CREATE TABLE "status_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"institution_id" uuid NOT NULL,
	"station_id" uuid NOT NULL,
	"evse_id" integer,
	"status" text NOT NULL,
	"error_code" text,
	"info" text,
	"reported_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tariff_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"target_kind" text NOT NULL,
	"target_id" uuid NOT NULL,
	"tariff_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tariffs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"name" text NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"vat_rate_bp" integer DEFAULT 1900 NOT NULL,
	"definition" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transaction_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"session_id" uuid NOT NULL,
	"seq_no" integer NOT NULL,
	"event_type" text NOT NULL,
	"trigger_reason" text NOT NULL,
	"offline" boolean DEFAULT false NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"name" text NOT NULL,
	"tariff_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"locale" text DEFAULT 'de' NOT NULL,
	"street" text,
	"postal_code" text,
	"city" text,
	"country" text DEFAULT 'DE' NOT NULL,
	"group_id" uuid,
	"company_id" uuid,
	"account_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"password_hash" text,
	"company_admin" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounting_strategies" ADD CONSTRAINT "accounting_strategies_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_strategy_id_accounting_strategies_id_fk" FOREIGN KEY ("strategy_id") REFERENCES "public"."accounting_strategies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_charge_point_id_charge_points_id_fk" FOREIGN KEY ("charge_point_id") REFERENCES "public"."charge_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_tokens" ADD CONSTRAINT "auth_tokens_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_tokens" ADD CONSTRAINT "auth_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_tokens" ADD CONSTRAINT "auth_tokens_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carrier_charges" ADD CONSTRAINT "carrier_charges_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carrier_charges" ADD CONSTRAINT "carrier_charges_charge_record_id_charge_records_id_fk" FOREIGN KEY ("charge_record_id") REFERENCES "public"."charge_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carrier_charges" ADD CONSTRAINT "carrier_charges_sms_session_id_sms_sessions_id_fk" FOREIGN KEY ("sms_session_id") REFERENCES "public"."sms_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carrier_charges" ADD CONSTRAINT "carrier_charges_credit_note_id_documents_id_fk" FOREIGN KEY ("credit_note_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charge_points" ADD CONSTRAINT "charge_points_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charge_points" ADD CONSTRAINT "charge_points_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charge_records" ADD CONSTRAINT "charge_records_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charge_records" ADD CONSTRAINT "charge_records_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charge_records" ADD CONSTRAINT "charge_records_corrects_id_charge_records_id_fk" FOREIGN KEY ("corrects_id") REFERENCES "public"."charge_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charge_records" ADD CONSTRAINT "charge_records_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_master_token_id_auth_tokens_id_fk" FOREIGN KEY ("master_token_id") REFERENCES "public"."auth_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discounts" ADD CONSTRAINT "discounts_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discounts" ADD CONSTRAINT "discounts_strategy_id_accounting_strategies_id_fk" FOREIGN KEY ("strategy_id") REFERENCES "public"."accounting_strategies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_lines" ADD CONSTRAINT "document_lines_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_lines" ADD CONSTRAINT "document_lines_charge_record_id_charge_records_id_fk" FOREIGN KEY ("charge_record_id") REFERENCES "public"."charge_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_lines" ADD CONSTRAINT "document_lines_ledger_entry_id_ledger_entries_id_fk" FOREIGN KEY ("ledger_entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_sequences" ADD CONSTRAINT "document_sequences_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_cancels_id_documents_id_fk" FOREIGN KEY ("cancels_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "driver_sessions" ADD CONSTRAINT "driver_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emails" ADD CONSTRAINT "emails_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keypad_guards" ADD CONSTRAINT "keypad_guards_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_charge_record_id_charge_records_id_fk" FOREIGN KEY ("charge_record_id") REFERENCES "public"."charge_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "local_list_entries" ADD CONSTRAINT "local_list_entries_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_values" ADD CONSTRAINT "meter_values_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_values" ADD CONSTRAINT "meter_values_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocpp_messages" ADD CONSTRAINT "ocpp_messages_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "password_tokens" ADD CONSTRAINT "password_tokens_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "password_tokens" ADD CONSTRAINT "password_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_events" ADD CONSTRAINT "price_events_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_events" ADD CONSTRAINT "price_events_tariff_id_tariffs_id_fk" FOREIGN KEY ("tariff_id") REFERENCES "public"."tariffs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remote_commands" ADD CONSTRAINT "remote_commands_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_charge_point_id_charge_points_id_fk" FOREIGN KEY ("charge_point_id") REFERENCES "public"."charge_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_token_id_auth_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."auth_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_messages" ADD CONSTRAINT "sms_messages_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_messages" ADD CONSTRAINT "sms_messages_in_reply_to_id_sms_messages_id_fk" FOREIGN KEY ("in_reply_to_id") REFERENCES "public"."sms_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_messages" ADD CONSTRAINT "sms_messages_sms_session_id_sms_sessions_id_fk" FOREIGN KEY ("sms_session_id") REFERENCES "public"."sms_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_numbers" ADD CONSTRAINT "sms_numbers_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_sessions" ADD CONSTRAINT "sms_sessions_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_sessions" ADD CONSTRAINT "sms_sessions_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_sessions" ADD CONSTRAINT "sms_sessions_charge_point_id_charge_points_id_fk" FOREIGN KEY ("charge_point_id") REFERENCES "public"."charge_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_sessions" ADD CONSTRAINT "sms_sessions_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_sessions" ADD CONSTRAINT "staff_sessions_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_events" ADD CONSTRAINT "station_events_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_groups" ADD CONSTRAINT "station_groups_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stations" ADD CONSTRAINT "stations_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stations" ADD CONSTRAINT "stations_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stations" ADD CONSTRAINT "stations_group_id_station_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."station_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_history" ADD CONSTRAINT "status_history_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tariff_assignments" ADD CONSTRAINT "tariff_assignments_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tariff_assignments" ADD CONSTRAINT "tariff_assignments_tariff_id_tariffs_id_fk" FOREIGN KEY ("tariff_id") REFERENCES "public"."tariffs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tariffs" ADD CONSTRAINT "tariffs_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transaction_events" ADD CONSTRAINT "transaction_events_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_groups" ADD CONSTRAINT "user_groups_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_groups" ADD CONSTRAINT "user_groups_tariff_id_tariffs_id_fk" FOREIGN KEY ("tariff_id") REFERENCES "public"."tariffs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_group_id_user_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."user_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "accounting_strategies_institution_name" ON "accounting_strategies" USING btree ("institution_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_institution_number" ON "accounts" USING btree ("institution_id","number");--> statement-breakpoint
CREATE INDEX "accounts_strategy" ON "accounts" USING btree ("strategy_id");--> statement-breakpoint
CREATE INDEX "alerts_institution_open" ON "alerts" USING btree ("institution_id","created_at") WHERE "alerts"."acknowledged_at" is null;--> statement-breakpoint
CREATE INDEX "audit_log_institution" ON "audit_log" USING btree ("institution_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "auth_tokens_institution_value" ON "auth_tokens" USING btree ("institution_id","value");--> statement-breakpoint
CREATE INDEX "auth_tokens_user" ON "auth_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "carrier_charges_one_per_record" ON "carrier_charges" USING btree ("charge_record_id");--> statement-breakpoint
CREATE INDEX "carrier_charges_due" ON "carrier_charges" USING btree ("next_attempt_at") WHERE "carrier_charges"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "carrier_charges_institution_time" ON "carrier_charges" USING btree ("institution_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "charge_points_station_evse" ON "charge_points" USING btree ("station_id","evse_id");--> statement-breakpoint
CREATE UNIQUE INDEX "charge_points_institution_short_name" ON "charge_points" USING btree ("institution_id","short_name");--> statement-breakpoint
CREATE UNIQUE INDEX "charge_records_one_per_session" ON "charge_records" USING btree ("session_id") WHERE "charge_records"."kind" = 'session';--> statement-breakpoint
CREATE INDEX "charge_records_institution_time" ON "charge_records" USING btree ("institution_id","stopped_at");--> statement-breakpoint
CREATE INDEX "charge_records_account_time" ON "charge_records" USING btree ("account_id","stopped_at");--> statement-breakpoint
CREATE UNIQUE INDEX "companies_institution_name" ON "companies" USING btree ("institution_id","name");--> statement-breakpoint
CREATE INDEX "discounts_strategy" ON "discounts" USING btree ("strategy_id");--> statement-breakpoint
CREATE INDEX "document_lines_document" ON "document_lines" USING btree ("document_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "document_lines_invoiced_once" ON "document_lines" USING btree ("charge_record_id") WHERE "document_lines"."charge_record_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "document_sequences_key" ON "document_sequences" USING btree ("institution_id","series","year");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_institution_number" ON "documents" USING btree ("institution_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_one_invoice_per_period" ON "documents" USING btree ("account_id","kind","period_start") WHERE "documents"."kind" = 'invoice';--> statement-breakpoint
CREATE UNIQUE INDEX "documents_one_credit_note_per_period" ON "documents" USING btree ("institution_id","period_start") WHERE "documents"."kind" = 'credit_note';--> statement-breakpoint
CREATE INDEX "driver_sessions_user" ON "driver_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "emails_status_next" ON "emails" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "emails_created" ON "emails" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "ledger_entries_account" ON "ledger_entries" USING btree ("account_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_charge_record" ON "ledger_entries" USING btree ("charge_record_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_idempotency" ON "ledger_entries" USING btree ("account_id","idempotency_key") WHERE "ledger_entries"."idempotency_key" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "local_list_entries_key" ON "local_list_entries" USING btree ("station_id","id_tag");--> statement-breakpoint
CREATE UNIQUE INDEX "locations_institution_name" ON "locations" USING btree ("institution_id","name");--> statement-breakpoint
CREATE INDEX "meter_values_session" ON "meter_values" USING btree ("session_id","sampled_at");--> statement-breakpoint
CREATE INDEX "meter_values_station" ON "meter_values" USING btree ("station_id","sampled_at");--> statement-breakpoint
CREATE INDEX "ocpp_messages_station" ON "ocpp_messages" USING btree ("station_id","id");--> statement-breakpoint
CREATE INDEX "password_tokens_staff" ON "password_tokens" USING btree ("staff_id");--> statement-breakpoint
CREATE INDEX "password_tokens_user" ON "password_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "price_events_institution_time" ON "price_events" USING btree ("institution_id","valid_from");--> statement-breakpoint
CREATE INDEX "remote_commands_station" ON "remote_commands" USING btree ("station_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_station_transaction" ON "sessions" USING btree ("station_id","transaction_id");--> statement-breakpoint
CREATE INDEX "sessions_institution_started" ON "sessions" USING btree ("institution_id","started_at");--> statement-breakpoint
CREATE INDEX "sessions_station_active" ON "sessions" USING btree ("station_id","evse_id") WHERE "sessions"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "sms_messages_inbound_once" ON "sms_messages" USING btree ("provider","provider_message_id") WHERE "sms_messages"."direction" = 'inbound';--> statement-breakpoint
CREATE INDEX "sms_messages_outbound_id" ON "sms_messages" USING btree ("provider","provider_message_id") WHERE "sms_messages"."direction" = 'outbound';--> statement-breakpoint
CREATE INDEX "sms_messages_institution_time" ON "sms_messages" USING btree ("institution_id","created_at");--> statement-breakpoint
CREATE INDEX "sms_messages_due" ON "sms_messages" USING btree ("next_attempt_at") WHERE "sms_messages"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "sms_messages_session" ON "sms_messages" USING btree ("sms_session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sms_numbers_number" ON "sms_numbers" USING btree ("number");--> statement-breakpoint
CREATE INDEX "sms_numbers_institution" ON "sms_numbers" USING btree ("institution_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sms_sessions_open_pin" ON "sms_sessions" USING btree ("station_id","receipt_pin") WHERE "sms_sessions"."state" in ('starting', 'active', 'stopping', 'stop_pending');--> statement-breakpoint
CREATE UNIQUE INDEX "sms_sessions_open_charge_point" ON "sms_sessions" USING btree ("charge_point_id") WHERE "sms_sessions"."state" in ('starting', 'active', 'stopping', 'stop_pending');--> statement-breakpoint
CREATE UNIQUE INDEX "sms_sessions_receipt_token" ON "sms_sessions" USING btree ("receipt_token");--> statement-breakpoint
CREATE INDEX "sms_sessions_session" ON "sms_sessions" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "sms_sessions_institution_time" ON "sms_sessions" USING btree ("institution_id","created_at");--> statement-breakpoint
CREATE INDEX "sms_sessions_charge_point_pin" ON "sms_sessions" USING btree ("charge_point_id","receipt_pin");--> statement-breakpoint
CREATE INDEX "station_events_station" ON "station_events" USING btree ("station_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "station_groups_institution_name" ON "station_groups" USING btree ("institution_id","name");--> statement-breakpoint
CREATE INDEX "stations_institution" ON "stations" USING btree ("institution_id");--> statement-breakpoint
CREATE INDEX "status_history_station_time" ON "status_history" USING btree ("station_id","reported_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tariff_assignments_target" ON "tariff_assignments" USING btree ("target_kind","target_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tariffs_institution_name" ON "tariffs" USING btree ("institution_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "transaction_events_session_seq" ON "transaction_events" USING btree ("session_id","seq_no");--> statement-breakpoint
CREATE UNIQUE INDEX "user_groups_institution_name" ON "user_groups" USING btree ("institution_id","name");--> statement-breakpoint
CREATE INDEX "users_institution" ON "users" USING btree ("institution_id");--> statement-breakpoint
CREATE INDEX "users_company" ON "users" USING btree ("company_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_institution_email" ON "users" USING btree ("institution_id","email") WHERE "users"."email" is not null;