package io.hookbridge.payload.signed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignedEventNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SALE_NEW            | customer.sale.completed",
        "NEW_SALE            | customer.sale.completed",
        "SALE_CANCELED       | customer.sale.cancelled",
        "SALE_CANCELLED      | customer.sale.cancelled",
        "CANCELED_SALE       | customer.sale.cancelled",
        "CONTACT_CREATED     | contact.created",
        "NEW_CONTACT         | contact.created",
        "CONTACT_TAG_ADDED   | contact.tag.added",
        "TAG_ADDED           | contact.tag.added",
        "CONTACT_TAG_REMOVED | contact.tag.removed",
        "TAG_REMOVED         | contact.tag.removed",
        "CONTACT_OPT_IN      | contact.optin.completed",
        "OPT_IN              | contact.optin.completed",
        "CONTACT_OPTIN       | contact.optin.completed"})
    void should_map_every_known_name(String name, String type) {
        assertThat(SignedEventNames.eventType(name)).contains(type);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sale_new              | customer.sale.completed",
        "Sale-New              | customer.sale.completed",
        "sale.new              | customer.sale.completed",
        "'new sale'            | customer.sale.completed",
        "Sale_Cancelled        | customer.sale.cancelled",
        "canceled-sale         | customer.sale.cancelled",
        "contact.created       | contact.created",
        "New-Contact           | contact.created",
        "Contact.Tag.Added     | contact.tag.added",
        "tag-added             | contact.tag.added",
        "'contact tag removed' | contact.tag.removed",
        "contact-opt-in        | contact.optin.completed",
        "Opt.In                | contact.optin.completed",
        "contact_optin         | contact.optin.completed",
        "CONTACT__TAG--ADDED   | contact.tag.added",
        "'_SALE_NEW_'          | customer.sale.completed",
        "' SALE_NEW '          | customer.sale.completed"})
    void should_read_names_in_any_case_and_with_any_separator(String name, String type) {
        assertThat(SignedEventNames.eventType(name)).contains(type);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ORDER_REFUNDED               | systeme.signed.order_refunded",
        "Subscription-Payment.Failed  | systeme.signed.subscription_payment_failed",
        "'contact  unsubscribed'      | systeme.signed.contact_unsubscribed",
        "SaleNew                      | systeme.signed.salenew",
        "EVENT_2                      | systeme.signed.event_2"})
    void should_keep_an_unknown_well_formed_name_as_a_signed_type(String name, String type) {
        assertThat(SignedEventNames.eventType(name)).contains(type);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 99, 100})
    void should_accept_a_name_of_up_to_100_characters(int length) {
        assertThat(SignedEventNames.eventType("a".repeat(length))).contains("systeme.signed." + "a".repeat(length));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "   ", "___", "-.-", "SALE_NEW\n", "SALE\tNEW", "SALE/NEW", "SALE_NEW;DROP",
        "VENTE_ÉTÉ", "sale_new\u0000", "{\"type\":\"x\"}"})
    void should_reject_a_blank_or_malformed_name(String name) {
        assertThat(SignedEventNames.eventType(name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {101, 1000})
    void should_reject_a_name_longer_than_100_characters(int length) {
        assertThat(SignedEventNames.eventType("a".repeat(length))).isEmpty();
    }
}
