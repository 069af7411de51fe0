-- == 20240210090000 CreateIssueTracking: migrating ============================
BEGIN;
CREATE TYPE "issue_state" AS ENUM ('open', 'in_progress', 'blocked', 'closed');
CREATE TABLE "issues" ("id" bigserial primary key, "project_id" bigint NOT NULL, "author_id" bigint NOT NULL, "assignee_id" bigint, "number" integer NOT NULL, "title" character varying NOT NULL, "body" text, "state" "issue_state" DEFAULT 'open' NOT NULL, "priority" integer DEFAULT 3 NOT NULL, "due_on" date, "closed_at" timestamp(6), "created_at" timestamp(6) NOT NULL, "updated_at" timestamp(6) NOT NULL);
CREATE INDEX "index_issues_on_project_id" ON "issues" ("project_id");
CREATE INDEX "index_issues_on_author_id" ON "issues" ("author_id");
CREATE INDEX "index_issues_on_assignee_id" ON "issues" ("assignee_id");
CREATE UNIQUE INDEX "index_issues_on_project_id_and_number" ON "issues" ("project_id", "number");
CREATE INDEX "index_issues_open_by_priority" ON "issues" ("project_id", "priority") WHERE state <> 'closed';
ALTER TABLE "issues" ADD CONSTRAINT "fk_rails_a2c1e5d0b9"
FOREIGN KEY ("project_id")
  REFERENCES "projects" ("id")
;
ALTER TABLE "issues" ADD CONSTRAINT "fk_rails_7d0c2f8e11"
FOREIGN KEY ("author_id")
  REFERENCES "users" ("id")
;
ALTER TABLE "issues" ADD CONSTRAINT "fk_rails_4e9b1c7a23"
FOREIGN KEY ("assignee_id")
  REFERENCES "users" ("id")
;
CREATE TABLE "comments" ("id" bigserial primary key, "issue_id" bigint NOT NULL, "author_id" bigint NOT NULL, "body" text NOT NULL, "edited_at" timestamp(6), "created_at" timestamp(6) NOT NULL, "updated_at" timestamp(6) NOT NULL);
CREATE INDEX "index_comments_on_issue_id" ON "comments" ("issue_id");
CREATE INDEX "index_comments_on_author_id" ON "comments" ("author_id");
ALTER TABLE "comments" ADD CONSTRAINT "fk_rails_2fd19c0ed6"
FOREIGN KEY ("issue_id")
  REFERENCES "issues" ("id")
 ON DELETE CASCADE;
ALTER TABLE "comments" ADD CONSTRAINT "fk_rails_03de2dc08c"
FOREIGN KEY ("author_id")
  REFERENCES "users" ("id")
;
CREATE TABLE "labels" ("id" bigserial primary key, "project_id" bigint NOT NULL, "name" character varying NOT NULL, "color" character varying(7) DEFAULT '#cccccc' NOT NULL, "created_at" timestamp(6) NOT NULL, "updated_at" timestamp(6) NOT NULL);
CREATE UNIQUE INDEX "index_labels_on_project_id_and_name" ON "labels" ("project_id", "name");
CREATE TABLE "issue_labels" ("issue_id" bigint NOT NULL, "label_id" bigint NOT NULL);
CREATE UNIQUE INDEX "index_issue_labels_on_issue_id_and_label_id" ON "issue_labels" ("issue_id", "label_id");
CREATE INDEX "index_issue_labels_on_label_id" ON "issue_labels" ("label_id");
ALTER TABLE "projects" ADD "issues_count" integer DEFAULT 0 NOT NULL;
INSERT INTO "schema_migrations" ("version") VALUES ('20240210090000') RETURNING "version";
COMMIT;
