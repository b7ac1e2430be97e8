-- The buyer's messages (notification/): the templates operators edit, and one row per message to send.
-- Portable SQL: runs on PostgreSQL (production, tests) and H2 (the embedded default).

-- One template per (step, channel, language). The shipped defaults (classpath notification/templates-*.json) are
-- inserted when absent at start; an operator's edit raises the version and is used from the next message on.
create table notification_templates (
    -- the step: the merchant event type that sends it, e.g. dropoff.code_issued
    template_key  varchar(64)  not null,
    -- email or sms
    channel       varchar(8)   not null,
    -- zh-CN or en
    language      varchar(8)   not null,
    -- the e-mail's subject; null for a text message
    subject       varchar(300),
    body          text         not null,
    version       integer      not null,
    updated_by    varchar(64)  not null,
    updated_at    timestamp with time zone not null,
    primary key (template_key, channel, language)
);

-- One message to the buyer: written by the notifications' event reader in the transaction that moves its place in
-- the event log (so once per event and channel), sent later by the sender. The address is not here: the sender
-- reads it from the return when it sends.
create table notifications (
    id                   varchar(40)  primary key,
    event_id             varchar(40)  not null,
    return_id            varchar(32)  not null,
    channel              varchar(8)   not null,
    template_key         varchar(64)  not null,
    template_version     integer,
    language             varchar(8)   not null,
    subject              varchar(300),
    body                 text         not null,
    -- the template's values by placeholder (JSON object), for SMS providers that send approved templates only
    params               text         not null,
    -- PENDING (to send, or to try again at next_attempt_at), SENT, FAILED (refused for good: last_error says why)
    status               varchar(16)  not null,
    attempts             integer      not null,
    -- when a sender may take it next; a sender that takes it moves this past now (its claim), so that no other
    -- node sends it at the same time, and a node that dies mid-send leaves it to be tried again then
    next_attempt_at      timestamp with time zone,
    last_error           varchar(1000),
    provider_message_id  varchar(200),
    created_at           timestamp with time zone not null,
    sent_at              timestamp with time zone,
    constraint notifications_once unique (event_id, channel)
);

create index notifications_due on notifications (status, next_attempt_at);
create index notifications_return on notifications (return_id, created_at);
