package org.dsr.orchestrator.console.compliance.letter;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;
import org.dsr.contracts.event.CompletionRecordV1;
import org.dsr.contracts.event.CompletionRecordV1.ProcessorResult;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestType;

/**
 * What the letter to the data subject says, worked out from a completion record: what was erased, anonymised,
 * restricted or lifted, what is kept (why, until when), the recipients told (Art. 19), whether the answer came
 * within the month of Art. 12(3), and which supervisory authority the person may complain to. The fixed wording
 * is in {@link LetterMessages}; this holds the facts, worded per language for categories and recipients.
 *
 * <p>
 * It holds no identifier of the person: the addressee is a placeholder the controller fills in on the page, in the
 * browser.
 */
public record LetterView(
        String lang,
        String requestId,
        String controller,
        String date,
        String requestType,
        String jurisdiction,
        String received,
        String completed,
        String due,
        String timeliness,
        String reason,
        List<Item> erased,
        List<Item> anonymised,
        List<Item> restricted,
        List<Item> lifted,
        List<Item> notFound,
        List<Kept> kept,
        List<String> recipients,
        long sequence,
        int version) {

    public static final List<String> LANGUAGES = List.of("sv", "da", "en");

    /** A data category in plain words, and the recipient that holds it. */
    public record Item(String text, String recipient) {}

    /**
     * @param basis BOOKKEEPING_SE, BOOKKEEPING_DK, SUPPRESSION or OTHER: which explanation the letter gives
     * @param until the last day, written out; null when kept without end
     */
    public record Kept(String text, String recipient, String basis, String legalBasis, String until) {}

    /** The letter's default language: the jurisdiction's. */
    public static String defaultLanguage(Jurisdiction jurisdiction) {
        return jurisdiction == Jurisdiction.DK ? "da" : "sv";
    }

    public static Locale locale(String lang) {
        return switch (lang) {
            case "sv" -> Locale.forLanguageTag("sv-SE");
            case "da" -> Locale.forLanguageTag("da-DK");
            default -> Locale.UK;
        };
    }

    /**
     * @param originalDueAt the deadline before an extension, null when it was not extended
     * @param extensionReason why the deadline was extended (an operator's words), null when it was not
     */
    public static LetterView of(
            CompletionRecordV1 record,
            String controller,
            Instant originalDueAt,
            String extensionReason,
            String lang,
            LocalDate today) {
        ResourceBundle names = ResourceBundle.getBundle(
                "compliance.letter-categories",
                locale(lang),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        ZoneId zone = record.jurisdiction() == null
                ? ZoneId.of("Europe/Stockholm")
                : record.jurisdiction().zone();
        DateTimeFormatter format =
                DateTimeFormatter.ofPattern("da".equals(lang) ? "d. MMMM yyyy" : "d MMMM yyyy", locale(lang));

        List<Item> erased = new ArrayList<>();
        List<Item> anonymised = new ArrayList<>();
        List<Item> restricted = new ArrayList<>();
        List<Item> lifted = new ArrayList<>();
        List<Item> notFound = new ArrayList<>();
        List<Kept> kept = new ArrayList<>();
        Set<String> recipients = new LinkedHashSet<>();
        for (ProcessorResult result : record.processors()) {
            String recipient = text(names, "processor." + result.processor(), result.processor());
            for (ProcessorOutcomeV1 o : result.outcomes()) {
                Item item = new Item(
                        capitalise(text(names, "category." + result.processor() + "." + o.category(), o.category())),
                        recipient);
                switch (o.status()) {
                    case ERASED -> erased.add(item);
                    case ANONYMISED -> anonymised.add(item);
                    case RESTRICTED -> restricted.add(item);
                    case LIFTED -> lifted.add(item);
                    case NOT_FOUND -> notFound.add(item);
                    case RETAINED -> {
                        String legalBasis =
                                o.retention() == null ? "" : o.retention().legalBasis();
                        LocalDate until =
                                o.retention() == null ? null : o.retention().retainUntil();
                        kept.add(new Kept(
                                item.text(),
                                recipient,
                                basis(legalBasis, o.category()),
                                legalBasis,
                                until == null ? null : format.format(until)));
                    }
                    default -> {
                        // PENDING and FAILED never reach a completion record
                    }
                }
            }
            // every processor the request reached was told, also one that found nothing (Art. 19)
            recipients.add(capitalise(recipient));
        }

        Instant due = record.dueAt();
        String timeliness;
        if (record.completedAt() != null && due != null && record.completedAt().isAfter(due)) {
            timeliness = "LATE";
        } else if (originalDueAt != null && extensionReason != null && !extensionReason.isBlank()) {
            timeliness = "EXTENDED";
        } else {
            timeliness = "IN_TIME";
        }
        String reason = extensionReason == null ? null : sentence(extensionReason.strip());
        return new LetterView(
                lang,
                String.valueOf(record.requestId()),
                controller,
                format.format(today),
                String.valueOf(record.requestType()),
                String.valueOf(record.jurisdiction()),
                day(record.receivedAt(), zone, format),
                day(record.completedAt(), zone, format),
                day(due, zone, format),
                timeliness,
                reason,
                erased,
                anonymised,
                restricted,
                lifted,
                notFound,
                kept,
                List.copyOf(recipients),
                record.sequence(),
                record.version());
    }

    public boolean isErasure() {
        return RequestType.ERASURE.name().equals(requestType);
    }

    public boolean isRestriction() {
        return RequestType.RESTRICTION.name().equals(requestType);
    }

    public boolean isDenmark() {
        return Jurisdiction.DK.name().equals(jurisdiction);
    }

    /** Which explanation a legal basis gets; the policy's wording of the basis is shown beside it. */
    static String basis(String legalBasis, String category) {
        String basis = legalBasis == null ? "" : legalBasis.toLowerCase(Locale.ROOT);
        if (basis.contains("bokföringslag")) {
            return "BOOKKEEPING_SE";
        }
        if (basis.contains("bogføringslov")) {
            return "BOOKKEEPING_DK";
        }
        if (basis.contains("21(3)") || "suppression-list".equals(category)) {
            return "SUPPRESSION";
        }
        return "OTHER";
    }

    private static String text(ResourceBundle names, String key, String fallback) {
        try {
            return names.getString(key);
        } catch (MissingResourceException e) {
            return fallback;
        }
    }

    private static String day(Instant instant, ZoneId zone, DateTimeFormatter format) {
        return instant == null ? "" : format.format(instant.atZone(zone).toLocalDate());
    }

    static String capitalise(String text) {
        return text == null || text.isEmpty() ? "" : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String sentence(String text) {
        if (text.isEmpty()) {
            return text;
        }
        char last = text.charAt(text.length() - 1);
        return last == '.' || last == '!' || last == '?' ? text : text + ".";
    }
}
