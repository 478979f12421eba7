"""The in-memory zone the differential scripts hand dkimpy as its `dnsfunc`: the same records our verifier is
given. A name missing from the zone is NXDOMAIN (None); the record "TIMEOUT" is a DNS timeout."""
import dkim


def dnsfunc_for(zone):
    def dnsfunc(name, timeout=5):
        if isinstance(name, bytes):
            name = name.decode()
        record = zone.get(name.rstrip("."))
        if record == "TIMEOUT":
            raise dkim.DnsTimeoutError("timed out (test zone)")
        return record.encode() if record is not None else None
    return dnsfunc
