package org.dsr.adapter.hosting;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import org.dsr.adapter.kit.CategoryResult;
import org.dsr.adapter.kit.DataCategoryHandler;
import org.dsr.adapter.kit.SubjectMatch;
import org.dsr.adapter.kit.sql.Sql;
import org.dsr.adapter.kit.sql.SqlArrays;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.ProcessorCommandV1;

/**
 * Access logs stay for traffic statistics and security, but no longer point to the person: anonymisation unlinks
 * the account, drops the device id and generalises the IP (IPv4 /24, IPv6 /48). Erasure deletes the rows.
 */
@ApplicationScoped
public class AccessLogsHandler implements DataCategoryHandler {

    private static final String MATCH = " where account_id = any(cast(cast(:ids as text) as bigint[]))"
            + " or device_id = any(cast(cast(:devices as text) as text[]))";

    @Override
    public String category() {
        return "access-logs";
    }

    @Override
    public Set<Action> supportedActions() {
        return Set.of(Action.ANONYMISE, Action.ERASE);
    }

    @Override
    public int executionOrder() {
        return 10;
    }

    @Override
    public Uni<CategoryResult> apply(Action action, SubjectMatch subject, ProcessorCommandV1 command) {
        String ids = subject.keyArray(HostingSubjectResolver.ACCOUNTS);
        String devices = subject.keyArray(HostingSubjectResolver.DEVICES);
        String verification = "count of access_logs rows still linked to the subject's accounts or device ids";
        Uni<Integer> act = action == Action.ERASE
                ? Sql.update("delete from access_logs" + MATCH, "ids", ids, "devices", devices)
                : anonymise(ids, devices);
        return act.flatMap(affected -> Sql.count("select count(*) from access_logs" + MATCH, "ids", ids,
                "devices", devices).map(remaining -> CategoryResult.of(affected, remaining, verification
                        + (action == Action.ANONYMISE ? "; their IPs generalised to /24 (IPv4) or /48 (IPv6)"
                                : ""))));
    }

    private Uni<Integer> anonymise(String ids, String devices) {
        return Sql.rows("select id, ip from access_logs" + MATCH, "ids", ids, "devices", devices).flatMap(rows -> {
            if (rows.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<Long> rowIds = new ArrayList<>(rows.size());
            List<String> ips = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                rowIds.add(((Number) row[0]).longValue());
                String generalised = IpGeneraliser.generalise((String) row[1]);
                ips.add(generalised == null ? "" : generalised);
            }
            // One statement for all rows: ids and generalised IPs zipped by unnest.
            return Sql.update("update access_logs set account_id = null, device_id = null, ip = nullif(v.ip, '')"
                    + " from (select unnest(cast(cast(:rowIds as text) as bigint[])) as id,"
                    + " unnest(cast(cast(:ips as text) as text[])) as ip) v where access_logs.id = v.id",
                    "rowIds", SqlArrays.of(rowIds), "ips", SqlArrays.text(ips));
        });
    }
}
