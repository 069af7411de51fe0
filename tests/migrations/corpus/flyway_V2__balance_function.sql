-- V2__balance_function.sql
CREATE OR REPLACE FUNCTION ledger.account_balance(p_account bigint)
RETURNS bigint
LANGUAGE sql
STABLE
AS $$
    SELECT coalesce(sum(amount), 0) FROM ledger.postings WHERE account_id = p_account;
$$;

CREATE OR REPLACE FUNCTION ledger.check_entry_balanced()
RETURNS trigger
LANGUAGE plpgsql
AS $fn$
DECLARE
    total bigint;
BEGIN
    SELECT sum(amount) INTO total FROM ledger.postings WHERE entry_id = NEW.entry_id;
    IF total <> 0 THEN
        RAISE EXCEPTION 'journal entry % is not balanced (%); see ''postings''', NEW.entry_id, total;
    END IF;
    RETURN NEW;
END;
$fn$;

CREATE CONSTRAINT TRIGGER postings_balanced
    AFTER INSERT ON ledger.postings
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger.check_entry_balanced();
