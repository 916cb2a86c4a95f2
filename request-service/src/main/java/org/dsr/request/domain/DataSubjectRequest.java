package org.dsr.request.domain;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.subject.EncryptedIdentifiers;
import org.dsr.contracts.subject.IdentifierType;

/**
 * One data subject request. The subject is held as a pseudonym and AES-GCM ciphertext only, under the request's own
 * data key (named by {@link #identifiersKeyId}); shredding destroys that key and empties the ciphertext columns.
 */
@Entity
@Table(name = "dsr_request")
public class DataSubjectRequest extends PanacheEntityBase {

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    public RequestType type;

    @Enumerated(EnumType.STRING)
    public Jurisdiction jurisdiction;

    @Enumerated(EnumType.STRING)
    public RequestStatus status;

    @Column(name = "subject_pseudonym")
    public String subjectPseudonym;

    /** Comma-separated identifier types, never values. */
    @Column(name = "identifier_types")
    public String identifierTypes;

    @Column(name = "identifiers_key_id")
    public String identifiersKeyId;

    @Column(name = "identifiers_algorithm")
    public String identifiersAlgorithm;

    @Column(name = "identifiers_nonce")
    public String identifiersNonce;

    @Column(name = "identifiers_ciphertext")
    public String identifiersCiphertext;

    @Column(name = "received_at")
    public Instant receivedAt;

    @Column(name = "due_at")
    public Instant dueAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "completion_version")
    public Integer completionVersion;

    /**
     * When this service accepted the verified completion record that closed the request (the later of that moment
     * and the record's completedAt): where the shredding grace period starts.
     */
    @Column(name = "completion_accepted_at")
    public Instant completionAcceptedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The caller's token subject ({@code sub}), or {@code intake:<source>} for Kafka intake. */
    @Column(name = "submitted_by")
    public String submittedBy;

    @Enumerated(EnumType.STRING)
    public Verification verification;

    @Column(name = "verified_by")
    public String verifiedBy;

    @Column(name = "verified_at")
    public Instant verifiedAt;

    /** Art. 12(3) extension (set by the orchestrator's extend-deadline action, a later issue). */
    @Column(name = "extended_due_at")
    public Instant extendedDueAt;

    @Column(name = "extension_reason")
    public String extensionReason;

    /** When the data key and the ciphertext were destroyed; only the pseudonym remains. */
    @Column(name = "shredded_at")
    public Instant shreddedAt;

    /** The deadline in force: the extension's when there is one. */
    public Instant effectiveDueAt() {
        return extendedDueAt != null ? extendedDueAt : dueAt;
    }

    public void setIdentifiers(List<IdentifierType> types, EncryptedIdentifiers encrypted) {
        identifierTypes = types.stream().map(Enum::name).collect(Collectors.joining(","));
        identifiersKeyId = encrypted.keyId();
        identifiersAlgorithm = encrypted.algorithm();
        identifiersNonce = encrypted.nonce();
        identifiersCiphertext = encrypted.ciphertext();
    }

    /** @return null once shredded */
    public EncryptedIdentifiers encryptedIdentifiers() {
        if (identifiersCiphertext == null) {
            return null;
        }
        return new EncryptedIdentifiers(
                identifiersKeyId, identifiersAlgorithm, identifiersNonce, identifiersCiphertext);
    }

    public List<IdentifierType> identifierTypeList() {
        return Arrays.stream(identifierTypes.split(","))
                .filter(s -> !s.isEmpty())
                .map(IdentifierType::valueOf)
                .toList();
    }
}
