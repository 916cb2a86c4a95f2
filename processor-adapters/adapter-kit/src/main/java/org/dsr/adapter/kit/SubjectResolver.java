package org.dsr.adapter.kit;

import io.smallrye.mutiny.Uni;

/**
 * Resolves the subject's own keys in the adapter's store (e.g. account ids from email, user id and personnummer)
 * once per command, inside its transaction and before any category is acted on, so that children can be handled
 * before their parents without losing the link. An adapter without one gets {@link NoKeysResolver}.
 */
public interface SubjectResolver {

    Uni<SubjectMatch> resolve(SubjectMatch identifiers);
}
