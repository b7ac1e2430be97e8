-- Text messages to buyers through Alibaba Cloud SMS (notification/sms/).
-- Portable SQL: runs on PostgreSQL (production, tests) and H2 (the embedded default).

-- What the SMS adapter knows of each message it handed to the provider, by our message id (SendSms OutId), so that
-- no message reaches the buyer twice: a row is written (and committed) before SendSms is called and settled by its
-- answer. A row still UNSETTLED when the message is sent again means an earlier try may have reached the provider
-- (its answer was lost, or the node died mid-call): QuerySendDetails is asked first. No phone number is kept here.
create table sms_send_attempts (
    message_id        varchar(64)  primary key,
    -- UNSETTLED (a try whose outcome is not known) or SENT (the provider took it)
    status            varchar(16)  not null,
    -- the provider's receipt (BizId); null when the message was found by a lookup, which does not give it
    biz_id            varchar(64),
    attempts          integer      not null,
    first_attempt_at  timestamp with time zone not null,
    last_attempt_at   timestamp with time zone not null,
    sent_at           timestamp with time zone
);

-- The sandbox SMS provider's state (only used when returnflow.sms.sandbox.enabled): what it took, as
-- QuerySendDetails and GET /sandbox/sms show it.
create table sandbox_sms_messages (
    biz_id          varchar(64)   primary key,
    out_id          varchar(256),
    phone_number    varchar(32)   not null,
    sign_name       varchar(64)   not null,
    template_code   varchar(32)   not null,
    template_param  text,
    -- the text as the phone shows it: 【sign name】 and the template with its values
    content         varchar(2000) not null,
    sent_at         timestamp with time zone not null
);
create index sandbox_sms_messages_phone on sandbox_sms_messages (phone_number, sent_at);

-- How often the sandbox was asked to send each OutId: its scenarios fail the first tries of a message.
create table sandbox_sms_tries (
    out_id  varchar(256) primary key,
    tries   integer      not null
);

-- The SignatureNonce of each request the sandbox took, for as long as its Timestamp is accepted (15 minutes): a
-- request sent again as it was (a replay) is refused, SignatureNonceUsed, as Alibaba Cloud refuses it.
create table sandbox_sms_nonces (
    nonce    varchar(128) primary key,
    seen_at  timestamp with time zone not null
);
