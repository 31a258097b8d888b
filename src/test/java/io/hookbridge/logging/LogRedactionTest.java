package io.hookbridge.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogRedactionTest {

    @AfterEach
    void defaults() {
        LogRedaction.maskPersonalData(true);
    }

    @Test
    void should_remove_configured_secrets_from_messages_and_errors() {
        LogRedaction.addSecrets(List.of("s3cr3t-value-for-redaction", "tiny", ""));
        assertThat(LogRedaction.message("login with s3cr3t-value-for-redaction failed")).isEqualTo("login with *** failed");
        assertThat(LogRedaction.message("a tiny word stays")).isEqualTo("a tiny word stays");
        assertThat(LogRedaction.errorText("x s3cr3t-value-for-redaction")).isEqualTo("x ***");
    }

    @Test
    void should_cut_urls_in_error_texts_to_their_origin() {
        assertThat(LogRedaction.errorText("HTTP operation failed invoking https://hooks.zapier.com/hooks/catch/123/abc/?k=v"
                + " with statusCode: 500")).isEqualTo("HTTP operation failed invoking https://hooks.zapier.com/***"
                + " with statusCode: 500");
        assertThat(LogRedaction.errorText("see http://127.0.0.1:8080")).isEqualTo("see http://127.0.0.1:8080");
    }

    @Test
    void should_mask_contact_emails_and_ip_addresses() {
        assertThat(LogRedaction.message("Sale by test-1922@systeme.io from 203.0.113.10, proxy 127.0.0.1"))
                .isEqualTo("Sale by t***@systeme.io from 203.0.x.x, proxy 127.0.0.1");
        assertThat(LogRedaction.message("client 2001:db8:cafe:0:0:0:0:17 and 2001:db8::1 and ::1"))
                .isEqualTo("client 2001:db8:x:x and 2001:db8:x:x and ::1");
    }

    @Test
    void should_keep_the_address_of_a_google_service_account_whole() {
        assertThat(LogRedaction.message("share it with hookbridge@my-shop-123.iam.gserviceaccount.com, not ada@example.com"))
                .isEqualTo("share it with hookbridge@my-shop-123.iam.gserviceaccount.com, not a***@example.com");
    }

    @Test
    void should_leave_versions_times_and_ids_alone() {
        String text = "Apache Camel 4.17.0 at 2026-09-27T20:16:26+00:00, event 01a0e483-09fb-7d11-ac67-be0fb3c6a98b";
        assertThat(LogRedaction.message(text)).isEqualTo(text);
    }

    @Test
    void should_keep_personal_data_when_masking_is_off() {
        LogRedaction.maskPersonalData(false);
        assertThat(LogRedaction.message("test-1922@systeme.io 203.0.113.10")).isEqualTo("test-1922@systeme.io 203.0.113.10");
    }
}
