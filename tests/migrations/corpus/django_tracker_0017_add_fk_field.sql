BEGIN;
--
-- Add field assignee to card
--
ALTER TABLE "tracker_card" ADD COLUMN "assignee_id" integer NULL CONSTRAINT "tracker_card_assignee_id_8e9f0a1b_fk_auth_user_id" REFERENCES "auth_user"("id") DEFERRABLE INITIALLY DEFERRED; SET CONSTRAINTS "tracker_card_assignee_id_8e9f0a1b_fk_auth_user_id" IMMEDIATE;
CREATE INDEX "tracker_card_assignee_id_8e9f0a1b" ON "tracker_card" ("assignee_id");
COMMIT;
