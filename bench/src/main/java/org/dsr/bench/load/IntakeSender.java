package org.dsr.bench.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dsr.bench.report.Report;

/** How a run submits its erasure requests: Kafka intake or REST. */
public interface IntakeSender extends AutoCloseable {

    /** Submits request {@code index}; reports the acknowledgement (or failure) to the tracker asynchronously. */
    void send(int index, String externalId, SubjectPool.Subject subject, SagaTracker tracker);

    /** Waits until every request sent so far is acknowledged or failed. */
    void flush();

    /** Bytes of the last request body (the intake record's value, or the POST body). */
    int lastBodyBytes();

    @Override
    void close();

    /** The {@code data} of an intake event and the body of a POST: the same request. */
    static ObjectNode requestBody(SubjectPool.Subject subject, String externalId) {
        ObjectNode body = Report.MAPPER.createObjectNode();
        body.put("type", "ERASURE");
        body.put("jurisdiction", subject.jurisdiction());
        if (externalId != null) {
            body.put("externalId", externalId);
        }
        ObjectNode id = body.putObject("subject").putArray("identifiers").addObject();
        id.put("type", "EMAIL");
        id.put("value", subject.email());
        return body;
    }
}
