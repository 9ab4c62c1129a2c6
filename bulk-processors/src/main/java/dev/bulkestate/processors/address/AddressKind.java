package dev.bulkestate.processors.address;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What sort of primary line an address has (USPS Publication 28, sections 2 and 3). */
public enum AddressKind {
  /** A house number on a named street: "123 N MAIN ST". */
  STREET,
  /** A post office box: "PO BOX 123". */
  PO_BOX,
  /** A rural route box: "RR 2 BOX 152". */
  RURAL_ROUTE,
  /** A highway contract route box: "HC 68 BOX 23A". */
  HIGHWAY_CONTRACT,
  /** A military unit box: "PSC 123 BOX 4567", "CMR 450 BOX 12", "UNIT 2050 BOX 4190". */
  MILITARY;

  /** The wire name: {@code street}, {@code po_box}, {@code rural_route}, {@code highway_contract}, {@code military}. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
