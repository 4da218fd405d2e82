-- Every statement that queues outbox rows tells the listening bot processes, on commit (NOTIFY is
-- transactional; repeats within a transaction fold into one), so the outbox drains when there is
-- something to send instead of polling. A trigger catches every writer, raw SQL jobs included.
CREATE FUNCTION "tally_outbox_queued"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('tally_outbox', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER "OutboxMessage_queued"
AFTER INSERT ON "OutboxMessage"
FOR EACH STATEMENT EXECUTE FUNCTION "tally_outbox_queued"();
