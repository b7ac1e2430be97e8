package io.returnflow.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The templates operators edit ({@code notification_templates}): read for each message as it is written, so that
 * an edit applies to the next message without a release or a restart. Rows missing from the table (a start that
 * has not yet inserted the shipped defaults) are answered from {@link ShippedTemplates}.
 */
@Repository
class MessageTemplates {

    private final JdbcClient jdbc;
    private final ShippedTemplates shipped;

    MessageTemplates(JdbcClient jdbc, ShippedTemplates shipped) {
        this.jdbc = jdbc;
        this.shipped = shipped;
    }

    /** The template in force: the table's, else the shipped one. */
    Optional<MessageTemplate> find(String key, NotificationChannel channel, String language) {
        return stored(key, channel, language).or(() -> shipped.find(key, channel, language));
    }

    Optional<MessageTemplate> stored(String key, NotificationChannel channel, String language) {
        return jdbc.sql("""
                        select * from notification_templates where template_key = ? and channel = ? and language = ?""")
                .params(key, channel.value(), language).query(MessageTemplates::map).optional();
    }

    /** Every stored template, by key, channel and language. */
    List<MessageTemplate> all() {
        return jdbc.sql("select * from notification_templates order by template_key, channel, language")
                .query(MessageTemplates::map).list();
    }

    /**
     * Inserts the template unless its row exists; answers whether it did. Several nodes starting at once may
     * both try: the first insert wins, and the other's meets the primary key (the caller runs each insert in a
     * transaction of its own and takes a duplicate as "present").
     */
    boolean insertIfAbsent(MessageTemplate t) {
        return jdbc.sql("""
                        insert into notification_templates (template_key, channel, language, subject, body, version,
                          updated_by, updated_at)
                        select ?, ?, ?, ?, ?, ?, ?, ?
                         where not exists (select 1 from notification_templates
                                            where template_key = ? and channel = ? and language = ?)""")
                .params(t.key(), t.channel(), t.language(), t.subject(), t.body(), t.version(), t.updatedBy(),
                        t.updatedAt(), t.key(), t.channel(), t.language())
                .update() == 1;
    }

    /** Saves a new version of the template (the row exists: the defaults were inserted at start). */
    MessageTemplate save(String key, NotificationChannel channel, String language, String subject, String body,
                         String by, OffsetDateTime at) {
        int updated = jdbc.sql("""
                        update notification_templates set subject = ?, body = ?, version = version + 1,
                          updated_by = ?, updated_at = ?
                         where template_key = ? and channel = ? and language = ?""")
                .params(subject, body, by, at, key, channel.value(), language).update();
        if (updated == 0) {
            MessageTemplate first = shipped.find(key, channel, language).orElseThrow();
            insertIfAbsent(new MessageTemplate(key, channel.value(), language, subject, body, first.version() + 1,
                    by, at));
        }
        return stored(key, channel, language).orElseThrow();
    }

    private static MessageTemplate map(ResultSet rs, int row) throws SQLException {
        return new MessageTemplate(rs.getString("template_key"), rs.getString("channel"), rs.getString("language"),
                rs.getString("subject"), rs.getString("body"), rs.getInt("version"), rs.getString("updated_by"),
                rs.getObject("updated_at", OffsetDateTime.class));
    }
}
