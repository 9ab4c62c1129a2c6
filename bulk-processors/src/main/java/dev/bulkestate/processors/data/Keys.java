package dev.bulkestate.processors.data;

import java.util.Locale;

/**
 * The normalized keys the dataset's indexes use, written once for the indexes and for the
 * processors that look things up in them.
 */
public final class Keys {
  private Keys() {}

  /** {@code PRIMARY LINE|ZIP5}: the same key as the address standardizer's {@code key()}. */
  public static String address(String primaryLine, String zip5) {
    return primaryLine + "|" + zip5;
  }

  /**
   * An APN with its county and state: the APN's letters and digits (dashes, dots and spaces are
   * formatting that varies by source), the county without {@code COUNTY}/{@code PARISH}, upper case.
   */
  public static String apn(String apn, String county, String state) {
    return alnum(apn) + "|" + county(county) + "|" + upper(state);
  }

  /** A county name compared loosely: {@code "St. Louis County"} and {@code "ST LOUIS"} are equal. */
  public static String county(String county) {
    String c = words(county);
    for (String suffix : new String[] {" COUNTY", " PARISH", " BOROUGH"}) {
      if (c.endsWith(suffix)) {
        c = c.substring(0, c.length() - suffix.length());
      }
    }
    return c;
  }

  /**
   * The ten digits of a North American phone number ({@code (214) 555-0123}, {@code +1 214 555 0123}),
   * or null when it does not have ten digits (eleven with a leading 1).
   */
  public static String phone(String phone) {
    if (phone == null) {
      return null;
    }
    StringBuilder digits = new StringBuilder(11);
    for (int i = 0; i < phone.length(); i++) {
      char c = phone.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      } else if (Character.isLetter(c)) {
        return null;
      }
    }
    if (digits.length() == 11 && digits.charAt(0) == '1') {
      digits.deleteCharAt(0);
    }
    return digits.length() == 10 ? digits.toString() : null;
  }

  /** Ten digits as {@code 214-555-0123}. */
  public static String formatPhone(String tenDigits) {
    return tenDigits.substring(0, 3) + "-" + tenDigits.substring(3, 6) + "-" + tenDigits.substring(6);
  }

  /** A name compared loosely: letters only, upper case ({@code O'Brien} is {@code OBRIEN}). */
  public static String name(String name) {
    if (name == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isLetter(c)) {
        out.append(Character.toUpperCase(c));
      }
    }
    return out.toString();
  }

  /** A last name with a ZIP code: the key of the people-by-name index. */
  public static String nameZip(String lastName, String zip5) {
    return name(lastName) + "|" + zip5;
  }

  /**
   * The number part of a unit ({@code APT 4}, {@code #4}, {@code UNIT 4} all give {@code 4}), or
   * null for no unit. Designators vary between sources; the number identifies the unit.
   */
  public static String unitNumber(String unit) {
    if (unit == null || unit.isBlank()) {
      return null;
    }
    String u = unit.trim().toUpperCase(Locale.ROOT);
    int space = u.lastIndexOf(' ');
    String number = space >= 0 ? u.substring(space + 1) : u;
    if (number.startsWith("#")) {
      number = number.substring(1);
    }
    return number.isEmpty() ? null : number;
  }

  static String upper(String s) {
    return s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
  }

  private static String alnum(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        out.append(Character.toUpperCase(c));
      }
    }
    return out.toString();
  }

  private static String words(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        if (space && out.length() > 0) {
          out.append(' ');
        }
        space = false;
        out.append(Character.toUpperCase(c));
      } else if (c != '.' && c != '\'') {
        space = true;
      }
    }
    return out.toString();
  }
}
