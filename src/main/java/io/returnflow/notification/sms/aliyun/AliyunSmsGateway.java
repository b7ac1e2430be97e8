package io.returnflow.notification.sms.aliyun;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.returnflow.notification.sms.SmsGateway;
import io.returnflow.notification.sms.SmsMessage;
import io.returnflow.notification.sms.SmsOutcomeUnknownException;
import io.returnflow.notification.sms.SmsResult;
import io.returnflow.notification.sms.SmsUnavailableException;
import io.returnflow.platform.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;

/**
 * The SMS port over Alibaba Cloud SMS ({@code dysmsapi}, 2017-05-25): {@code SendSms} with the message's number,
 * our signature, the approved template of its key and language ({@code returnflow.sms.aliyun.templates}), its
 * values as {@code TemplateParam} (JSON) and our message id as {@code OutId}. Each answer is read through one table,
 * {@link AliyunSmsCode}.
 *
 * <p><b>Never twice.</b> Before {@code SendSms} the message is marked in {@code sms_send_attempts}; the answer
 * settles the mark (sent, or certainly not sent). A mark left unsettled (the answer was lost, was a 5xx or
 * unreadable or a code not in the table, or the node died mid-call) makes the next send of that message ask
 * {@code QuerySendDetails} first, for the buyer's number on each day the earlier tries were made: a message with
 * our {@code OutId} there is taken as sent, and not sent again. Alibaba Cloud's records of a message it just took
 * may lag, so the lookup is trusted only {@code lookup-after} after the last try; an earlier send is put off until
 * then. Once sent, the same message id answers sent without a call.
 */
@Component
public class AliyunSmsGateway implements SmsGateway {

    static final String SEND_SMS = "SendSms";
    static final String QUERY_SEND_DETAILS = "QuerySendDetails";
    /** The largest page {@code QuerySendDetails} serves. */
    static final int PAGE_SIZE = 50;
    /** {@code QuerySendDetails} answers for the last 30 days only. */
    static final int LOOKUP_DAYS = 30;
    /** The provider's throttling windows, as its {@code isv.BUSINESS_LIMIT_CONTROL} messages name them. */
    static final Duration MINUTE_WINDOW = Duration.ofMinutes(1);
    static final Duration HOUR_WINDOW = Duration.ofHours(1);
    /** Our own codes, for refusals that never reached the provider. */
    static final String NO_TEMPLATE = "ReturnFlow.TemplateNotConfigured";
    static final String TOO_OLD_TO_LOOK_UP = "ReturnFlow.OutcomeNoLongerKnowable";
    private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** What Alibaba Cloud takes in PhoneNumbers once blanks and dashes are gone. */
    private static final Pattern PHONE_NUMBER = Pattern.compile("\\+?[0-9]{5,20}");
    private static final DateTimeFormatter SEND_DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Logger log = LoggerFactory.getLogger(AliyunSmsGateway.class);

    private final AliyunSmsClient client;
    private final SmsSendAttempts attempts;
    private final AliyunSmsProperties properties;
    private final ObjectMapper json;
    private final Clock clock;

    AliyunSmsGateway(AliyunSmsClient client, SmsSendAttempts attempts, AliyunSmsProperties properties,
                     ObjectMapper json, Clock clock) {
        this.client = client;
        this.attempts = attempts;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /**
     * {@inheritDoc}
     *
     * @throws SmsOutcomeUnknownException when the provider may have taken the message (see the class comment)
     * @throws IllegalArgumentException   a message id that is not 1–64 of {@code [A-Za-z0-9_-]} (a number without
     *                                    digits is answered {@code isv.MOBILE_NUMBER_ILLEGAL}, refused)
     */
    @Override
    public SmsResult send(SmsMessage message) {
        String messageId = message.messageId();
        if (messageId == null || !MESSAGE_ID.matcher(messageId).matches()) {
            throw new IllegalArgumentException("An SMS message id is 1 to 64 of [A-Za-z0-9_-]; was " + messageId);
        }
        String phone = phoneNumber(message.phoneNumber());
        if (!PHONE_NUMBER.matcher(phone).matches()) {
            // no number Alibaba Cloud can take (a return saved with only dashes, say): trying again cannot help
            log.warn("SMS {} refused: the phone number is not one Alibaba Cloud takes", messageId);
            return new SmsResult.Rejected(AliyunSmsCode.MOBILE_NUMBER_ILLEGAL.code(),
                    "The phone number is not one Alibaba Cloud takes (5 to 20 digits, an optional leading +)");
        }
        Optional<String> templateCode = properties.templateCode(message.templateKey(), message.language());
        if (templateCode.isEmpty()) {
            log.warn("SMS {} refused: no Alibaba Cloud template for {} ({})", messageId, message.templateKey(),
                    message.language());
            return new SmsResult.Rejected(NO_TEMPLATE, "No Alibaba Cloud template is configured for "
                    + message.templateKey() + " in " + message.language() + " or " + properties.defaultLanguage()
                    + " (" + AliyunSmsProperties.PREFIX + ".templates)");
        }
        Optional<SmsSendAttempts.Attempt> earlier = attempts.find(messageId);
        if (earlier.isPresent() && earlier.get().sent()) {
            return new SmsResult.Sent(earlier.get().bizId());
        }
        if (earlier.isPresent()) {
            Optional<SmsResult> settled = lookUp(messageId, phone, earlier.get());
            if (settled.isPresent()) {
                return settled.get();
            }
        }

        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("PhoneNumbers", phone);
        parameters.put("SignName", properties.signName());
        parameters.put("TemplateCode", templateCode.get());
        if (!message.params().isEmpty()) {
            parameters.put("TemplateParam", templateParam(message.params()));
        }
        parameters.put("OutId", messageId);

        attempts.markUnsettled(messageId, now());
        AliyunSmsClient.Answer answer;
        try {
            answer = client.call(SEND_SMS, parameters);
        } catch (ResourceAccessException noAnswer) {
            if (neverLeft(noAnswer)) {
                attempts.forget(messageId);
                throw new SmsUnavailableException("Alibaba Cloud SMS could not be reached (" + noAnswer.getMessage()
                        + "); message " + messageId + " was not sent", null, noAnswer);
            }
            log.warn("SMS {}: no answer from Alibaba Cloud ({}); looked up before it is sent again", messageId,
                    noAnswer.getMessage());
            throw new SmsOutcomeUnknownException("No answer from Alibaba Cloud SMS for message " + messageId + " ("
                    + noAnswer.getMessage() + "): it may have been sent, and is looked up before it is sent again",
                    properties.lookupAfter(), noAnswer);
        }
        return settle(messageId, answer);
    }

    private SmsResult settle(String messageId, AliyunSmsClient.Answer answer) {
        ProviderAnswer read = read(answer);
        if (read.code() == null) {
            log.warn("SMS {}: unreadable answer from Alibaba Cloud ({} {}); looked up before it is sent again",
                    messageId, answer.status(), answer.contentType());
            throw new SmsOutcomeUnknownException("Alibaba Cloud SMS answered message " + messageId + " with "
                    + answer.status() + " and no readable Code (" + answer.contentType() + ", "
                    + Text.fit(answer.body(), 200) + "): it may have been sent, and is looked up before it is sent "
                    + "again", properties.lookupAfter(), null);
        }
        Optional<AliyunSmsCode> row = AliyunSmsCode.of(read.code());
        if (row.isEmpty()) {
            log.warn("SMS {}: Alibaba Cloud answered the unknown code {} ({}); parked, looked up before it is sent "
                    + "again", messageId, read.code(), answer.status());
            throw new SmsOutcomeUnknownException("Alibaba Cloud SMS answered message " + messageId
                    + " with a code this adapter does not know: " + read.code() + " (" + read.message() + ", HTTP "
                    + answer.status() + "); neither sent nor refused: looked up before it is sent again",
                    properties.waits().unknownCode(), null);
        }
        AliyunSmsCode code = row.get();
        String said = read.code() + " " + (read.message() != null ? read.message() : code.documented());
        switch (code.meaning()) {
            case SENT -> {
                attempts.markSent(messageId, read.bizId(), now());
                log.info("SMS {} sent (BizId {})", messageId, read.bizId());
                return new SmsResult.Sent(read.bizId());
            }
            case REFUSED -> {
                attempts.forget(messageId);
                log.warn("SMS {} refused by Alibaba Cloud: {}", messageId, said);
                return new SmsResult.Rejected(read.code(), read.message() != null ? read.message() : code.documented());
            }
            case NOT_SENT -> {
                attempts.forget(messageId);
                Duration wait = waitFor(code, read.message());
                log.warn("SMS {} not taken now: {}; tried again{}", messageId, said,
                        wait == null ? " later" : " in " + wait);
                throw new SmsUnavailableException("Alibaba Cloud SMS did not take message " + messageId + " now: "
                        + said + " (HTTP " + answer.status() + ")", wait, null);
            }
            default -> {
                log.warn("SMS {}: Alibaba Cloud failed ({}); looked up before it is sent again", messageId, said);
                throw new SmsOutcomeUnknownException("Alibaba Cloud SMS failed on message " + messageId + ": " + said
                        + " (HTTP " + answer.status() + "); it may have been sent, and is looked up before it is sent "
                        + "again", properties.lookupAfter(), null);
            }
        }
    }

    /**
     * An earlier try may have reached the provider: is the message among its records of the buyer's number?
     *
     * @return sent when found (or refused when too old to tell); empty when the provider does not have it
     */
    private Optional<SmsResult> lookUp(String messageId, String phone, SmsSendAttempts.Attempt earlier) {
        OffsetDateTime now = now();
        OffsetDateTime trustedFrom = earlier.lastAttemptAt().plus(properties.lookupAfter());
        if (now.isBefore(trustedFrom)) {
            throw new SmsOutcomeUnknownException("Message " + messageId + " may have been sent at "
                    + earlier.lastAttemptAt() + "; Alibaba Cloud's records show it from " + trustedFrom
                    + " (returnflow.sms.aliyun.lookup-after): not sent again before it is looked up then",
                    Duration.between(now, trustedFrom), null);
        }
        LocalDate today = now.atZoneSameInstant(properties.zone()).toLocalDate();
        LocalDate oldestKept = today.minusDays(LOOKUP_DAYS - 1L);
        LocalDate first = earlier.firstAttemptAt().atZoneSameInstant(properties.zone()).toLocalDate();
        LocalDate last = earlier.lastAttemptAt().atZoneSameInstant(properties.zone()).toLocalDate();
        if (last.isBefore(oldestKept)) {
            attempts.forget(messageId);
            log.warn("SMS {} refused: its earlier tries ({}) are older than Alibaba Cloud's records", messageId, last);
            return Optional.of(new SmsResult.Rejected(TOO_OLD_TO_LOOK_UP, "Message " + messageId + " was last tried "
                    + "on " + last + ", beyond the " + LOOKUP_DAYS + " days QuerySendDetails looks back: whether it "
                    + "was "
                    + "sent can no longer be known, and sending it again could reach the buyer twice"));
        }
        for (LocalDate day = first.isBefore(oldestKept) ? oldestKept : first; !day.isAfter(last);
             day = day.plusDays(1)) {
            if (sentOn(messageId, phone, day)) {
                attempts.markSent(messageId, null, now);
                log.info("SMS {} found sent on {} by QuerySendDetails: not sent again", messageId, day);
                return Optional.of(new SmsResult.Sent(null));
            }
        }
        log.info("SMS {} not among Alibaba Cloud's records of {} to {}: sent again", messageId, first, last);
        return Optional.empty();
    }

    /** Whether a message with our OutId is among the records of this number on this day (all pages). */
    private boolean sentOn(String messageId, String phone, LocalDate day) {
        int page = 1;
        while (true) {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("PhoneNumber", phone);
            parameters.put("SendDate", SEND_DATE.format(day));
            parameters.put("PageSize", Integer.toString(PAGE_SIZE));
            parameters.put("CurrentPage", Integer.toString(page));
            JsonNode details = query(messageId, parameters);
            JsonNode records = details.path("SmsSendDetailDTOs").path("SmsSendDetailDTO");
            for (JsonNode record : records) {
                if (messageId.equals(record.path("OutId").asText(null))) {
                    return true;
                }
            }
            long total = details.path("TotalCount").asLong(0);
            if (records.isEmpty() || (long) page * PAGE_SIZE >= total) {
                return false;
            }
            page++;
        }
    }

    /** One page of {@code QuerySendDetails}; anything but {@code OK} leaves the outcome unknown. */
    private JsonNode query(String messageId, Map<String, String> parameters) {
        AliyunSmsClient.Answer answer;
        try {
            answer = client.call(QUERY_SEND_DETAILS, parameters);
        } catch (ResourceAccessException noAnswer) {
            throw new SmsOutcomeUnknownException("Message " + messageId + " may have been sent; looking it up failed ("
                    + noAnswer.getMessage() + "): not sent again before it is looked up", null, noAnswer);
        }
        ProviderAnswer read = read(answer);
        if (!AliyunSmsCode.OK.code().equals(read.code()) || read.body() == null) {
            Duration wait = read.code() == null ? null
                    : AliyunSmsCode.of(read.code()).filter(c -> c.meaning() == AliyunSmsCode.Meaning.NOT_SENT)
                    .map(c -> waitFor(c, read.message())).orElse(null);
            throw new SmsOutcomeUnknownException("Message " + messageId + " may have been sent; QuerySendDetails "
                    + "answered " + answer.status() + " " + (read.code() == null ? Text.fit(answer.body(), 200)
                    : read.code() + " " + read.message()) + ": not sent again before it is looked up", wait, null);
        }
        return read.body();
    }

    /** How long a message the provider did not take waits, by the table's kind of wait. */
    private Duration waitFor(AliyunSmsCode code, String providerMessage) {
        ZonedDateTime now = now().atZoneSameInstant(properties.zone());
        return switch (code.waitKind()) {
            case NONE -> null;
            case ACCOUNT -> properties.waits().account();
            case NEXT_DAY -> Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(properties.zone()));
            case NEXT_MONTH -> Duration.between(now,
                    now.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay(properties.zone()));
            case THROTTLED -> {
                String said = providerMessage == null ? "" : providerMessage;
                // e.g. 触发分钟级流控Permits:1, 触发小时级流控Permits:5, 触发天级流控Permits:10
                if (said.contains("分钟级")) {
                    yield MINUTE_WINDOW;
                }
                if (said.contains("小时级")) {
                    yield HOUR_WINDOW;
                }
                if (said.contains("天级")) {
                    yield Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(properties.zone()));
                }
                yield properties.waits().throttled();
            }
        };
    }

    /** What the provider said: {@code Code}, {@code Message}, {@code BizId}; a null code when unreadable. */
    private record ProviderAnswer(String code, String message, String bizId, JsonNode body) {
    }

    private ProviderAnswer read(AliyunSmsClient.Answer answer) {
        JsonNode body;
        try {
            body = answer.body() == null || answer.body().isBlank() ? null : json.readTree(answer.body());
        } catch (JsonProcessingException notJson) {
            body = null;
        }
        if (body == null || !body.isObject() || !body.path("Code").isTextual()) {
            return new ProviderAnswer(null, null, null, null);
        }
        return new ProviderAnswer(body.path("Code").asText(), body.path("Message").asText(null),
                body.path("BizId").asText(null), body);
    }

    /** The request never left this machine: refused or unreachable, so certainly not sent. */
    private static boolean neverLeft(ResourceAccessException failure) {
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    /** The number as Alibaba Cloud takes it: without blanks and dashes a person may have typed. */
    private static String phoneNumber(String given) {
        return given == null ? "" : given.replaceAll("[\\s-]", "");
    }

    private String templateParam(Map<String, String> params) {
        try {
            // sorted: the same message gives the same request on every try
            return json.writeValueAsString(new TreeMap<>(params));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the template values as JSON", e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
