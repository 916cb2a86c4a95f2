package org.dsr.adapter.kit.datamap;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Generalises an IP address so it no longer points to one subscriber: IPv4 to its /24 (last octet 0), IPv6 to its
 * /48 (the site prefix). Anything that is not an IP literal becomes null: keeping an unparsable value could keep the
 * data. Never resolves host names.
 */
public final class IpGeneraliser {

    private IpGeneraliser() {}

    public static String generalise(String ip) {
        if (ip == null) {
            return null;
        }
        String value = ip.strip();
        boolean v4 = value.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = value.contains(":") && value.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(value).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            return null;
        }
        if (bytes.length == 4) { // IPv4, or IPv4-mapped IPv6 which Java returns as IPv4
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0";
        }
        return String.format("%x:%x:%x::", group(bytes, 0), group(bytes, 1), group(bytes, 2));
    }

    /** Whether the value is already no more precise than {@link #generalise}. */
    public static boolean isGeneralised(String ip) {
        return ip == null || ip.equals(generalise(ip));
    }

    private static int group(byte[] bytes, int index) {
        return ((bytes[2 * index] & 0xff) << 8) | (bytes[2 * index + 1] & 0xff);
    }
}
