/*
 * test-validate.c - unit tests for normalize, idcard, phone and mask.
 */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/normalize.h"
#include "domain/idcard.h"
#include "domain/mask.h"
#include "domain/phone.h"
#include "tap.h"

/* The date the ID tests take as today. */
#define TODAY 2025, 6, 1

/*
 * The ISO 7064 MOD 11-2 check character of the 17 digits at BODY, worked
 * out the long way (weights 2^(17-i) mod 11), independent of idcard.c.
 */
static char iso7064(const char *body)
{
	int i, sum = 0, weight = 1, v;

	for (i = 16; i >= 0; i--) {
		weight = weight * 2 % 11;
		sum += (body[i] - '0') * weight;
	}
	v = (12 - sum % 11) % 11;
	return v == 10 ? 'X' : (char)('0' + v);
}

/* BODY (17 digits) with its check character appended, in a static buffer. */
static const char *with_check(const char *body)
{
	static char buf[4][19];
	static int next;
	char *b = buf[next++ % 4];

	memcpy(b, body, 17);
	b[17] = iso7064(body);
	b[18] = '\0';
	return b;
}

/* norm_text(IN), kept in a static buffer so the tests need not free. */
static const char *nt(const char *in)
{
	static char buf[256];
	char *s = norm_text(in);

	snprintf(buf, sizeof buf, "%s", s ? s : "(oom)");
	free(s);
	return buf;
}

/* norm_name(IN), kept in a static buffer. */
static const char *nn(const char *in)
{
	static char buf[256];
	char *s = norm_name(in);

	snprintf(buf, sizeof buf, "%s", s ? s : "(oom)");
	free(s);
	return buf;
}

/* text_for_sheet(IN), kept in a static buffer. */
static const char *tfs(const char *in)
{
	static char buf[256];
	char *s = text_for_sheet(in);

	snprintf(buf, sizeof buf, "%s", s ? s : "(oom)");
	free(s);
	return buf;
}

/* The reason idcard_parse gives for RAW, or "ok". */
static const char *id_reason(const char *raw)
{
	static struct shequ_err e;
	struct idcard c;

	shequ_err_clear(&e);
	if (idcard_parse(raw, TODAY, &c, &e) == 0)
		return "ok";
	return e.msg;
}

/* The normalised ID idcard_parse gives for RAW, or its reason. */
static const char *id_norm(const char *raw)
{
	static struct idcard c;
	static struct shequ_err e;

	if (idcard_parse(raw, TODAY, &c, &e) != 0)
		return e.msg;
	return c.id;
}

/* phone_normalize(RAW) as "OK <digits>" or "BAD <kept text>". */
static const char *ph(const char *raw)
{
	static char res[128];
	char out[64];
	struct shequ_err e;
	int rc = phone_normalize(raw, out, sizeof out, &e);

	if (rc == 0)
		snprintf(res, sizeof res, "OK %s", out);
	else if (rc == EX_DATAERR && strcmp(e.msg, "not a mainland mobile number") == 0)
		snprintf(res, sizeof res, "BAD %s", out);
	else
		snprintf(res, sizeof res, "rc %d: %.80s", rc, e.msg);
	return res;
}

static void test_norm_text(void)
{
	is_str(nt("\u3000张三\u3000"), "张三", "U+3000 trimmed");
	is_str(nt("\u00A0李四\u00A0"), "李四", "NBSP trimmed");
	is_str(nt("张\u3000\u3000三"), "张 三", "U+3000 inside becomes one space");
	is_str(nt("王\u200B五"), "王五", "ZWSP removed");
	is_str(nt("\uFEFF赵六"), "赵六", "leading BOM removed");
	is_str(nt("赵\uFEFF六\u2060\u200D"), "赵六", "BOM, WJ, ZWJ anywhere");
	is_str(nt("ＡＢＣ１２３！～"), "ABC123!~", "full-width ASCII to half-width");
	is_str(nt("  a\t\tb\n c \r\n"), "a b c", "tab/newline to space, collapsed, trimmed");
	is_str(nt("p\x01q\x7fr\xC2\x80s"), "pqrs", "C0, DEL, C1 removed");
	is_str(nt("p\xC2\x85q"), "p q", "NEL is a newline: a space");
	is_str(nt("a \u200B b"), "a b", "spaces around a ZWSP collapse");
	is_str(nt(NULL), "", "NULL taken as empty");
	is_str(nt("p\xFFq"), "p\xFFq", "invalid byte passed through");
}

static void test_norm_name(void)
{
	const char *want = "阿依古丽·买买提";
	const char *thirty = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十";
	struct shequ_err e;
	char n65[65 * 3 + 1] = "";
	int i;

	is_str(nn("阿依古丽•买买提"), want, "U+2022 bullet");
	is_str(nn("阿依古丽・买买提"), want, "U+30FB katakana middle dot");
	is_str(nn("阿依古丽．买买提"), want, "U+FF0E full-width full stop");
	is_str(nn("阿依古丽.买买提"), want, "ASCII '.' between Han");
	is_str(nn("阿依古丽･买买提"), want, "U+FF65 half-width middle dot");
	is_str(nn("阿依古丽‧买买提"), want, "U+2027 hyphenation point");
	is_str(nn("阿依古丽·买买提"), want, "U+00B7 unchanged");
	is_str(nn("\u3000阿依古丽 ． 买买提\u200B"), want,
	       "spaces around the separator removed, ends trimmed");
	is_str(nn("Zhang.San"), "Zhang.San", "'.' between ASCII kept");
	is_str(nn("张三."), "张三.", "trailing '.' kept");
	is_str(nn(thirty), thirty, "30 Han characters stay whole");

	is_int(name_check(thirty, &e), 0, "30 Han characters pass name_check");
	is_int(name_check(want, &e), 0, "minority name passes name_check");
	is_int(name_check("", &e), EX_DATAERR, "empty name rejected");
	is_str(e.msg, "name is empty", "empty name reason");
	is_int(name_check("张3", &e), EX_DATAERR, "digit rejected");
	is_str(e.msg, "name contains a digit", "digit reason");
	for (i = 0; i < 64; i++)
		strcat(n65, "李");
	is_int(name_check(n65, &e), 0, "64 characters allowed");
	strcat(n65, "李");
	is_int(name_check(n65, &e), EX_DATAERR, "65 characters rejected");
	is_str(e.msg, "name has 65 characters, at most 64 allowed", "too long reason");
	is_int(name_check("张\xFF", &e), EX_DATAERR, "invalid UTF-8 rejected");
}

static void test_utf8(void)
{
	uint32_t cp = 0;

	ok(!utf8_valid("\xC0\x80", 2), "overlong C0 80 invalid");
	ok(!utf8_valid("\xE0\x80\xAF", 3), "overlong E0 80 AF invalid");
	ok(!utf8_valid("\xED\xA0\x80", 3), "surrogate ED A0 80 invalid");
	ok(!utf8_valid("\xF4\x90\x80\x80", 4), "above U+10FFFF invalid");
	ok(!utf8_valid("\xE4\xB8", 2), "truncated sequence invalid");
	ok(!utf8_valid("\x80", 1), "stray continuation invalid");
	ok(utf8_valid("\xF0\xA0\x80\x80", 4), "4-byte U+20000 valid");
	ok(utf8_valid("中文ab", strlen("中文ab")), "Han and ASCII valid");
	is_int(utf8_decode("\xF0\xA0\x80\x80", 4, &cp), 4, "U+20000 is 4 bytes");
	is_int(cp, 0x20000, "U+20000 decoded");

	is_int(utf8_display_width("中文ab"), 6, "width of 中文ab");
	is_int(utf8_display_width("\xF0\xA0\x80\x80"), 2, "U+20000 is wide");
	is_int(utf8_display_width("ＡＢ。"), 6, "full-width forms and CJK punctuation wide");
	is_int(utf8_display_width("e\xCC\x81"), 1, "combining accent takes no column");
	is_int(utf8_display_width("p\u200Bq"), 2, "ZWSP takes no column");
	is_int(utf8_display_width("한글"), 4, "Hangul wide");

	is_str(tfs("p\xFFq"), "p\uFFFDq", "invalid byte becomes U+FFFD");
	is_str(tfs("\xC0\x80"), "\uFFFD\uFFFD", "overlong becomes two U+FFFD");
	is_str(tfs("p\x01q\tr\ns\rt\x7fu\xC2\x85"), "pq\tr\nstu",
	       "controls dropped, tab and newline kept");
	is_str(tfs("中文"), "中文", "valid text unchanged");
}

static void test_idcard(void)
{
	struct idcard c;
	struct shequ_err e;
	char raw[64];
	const char *id;

	is_int(idcard_parse("11010519491231002X", TODAY, &c, &e), 0, "11010519491231002X valid");
	is_str(c.id, "11010519491231002X", "id kept");
	ok(c.birth_year == 1949 && c.birth_month == 12 && c.birth_day == 31, "born 1949-12-31");
	is_int(c.gender, 'F', "female");
	is_int(c.kind, ID_RESIDENT, "resident");
	is_int(c.upgraded, 0, "not upgraded");
	is_int(idcard_check_char("11010519491231002"), 'X', "check char X");
	is_int(idcard_check_char("1101051949123100a"), '\0', "check char of non-digits");
	is_int(iso7064("11010519491231002"), 'X', "test checksum agrees on the vector");

	is_str(id_norm("11010519491231002x"), "11010519491231002X", "lower-case x upper-cased");
	is_str(id_norm("１１０１０５１９４９１２３１００２ｘ"), "11010519491231002X",
	       "full-width digits and x");
	is_str(id_norm(" 110105 19491231 002X\u3000"), "11010519491231002X",
	       "spaces inside and around removed");
	is_str(id_norm("110105-19491231-002X"), "11010519491231002X", "hyphens removed");

	/* 11010519491231001 -> 1, verified by hand. */
	is_str(with_check("11010519491231001"), "110105194912310011", "pinned: ...0011");
	is_str(id_norm("'110105194912310011"), "110105194912310011", "leading apostrophe");
	is_str(id_norm("=\"110105194912310011\""), "110105194912310011", "=\"...\" stripped");
	is_int(idcard_parse("110105194912310011", TODAY, &c, &e), 0, "...0011 valid");
	is_int(c.gender, 'M', "odd 17th digit: male");

	/* 37028119850612123 -> X, verified by hand. */
	is_str(id_reason("37028119850612123X"), "ok", "pinned: 37028119850612123X");
	is_int(idcard_parse("110105194912310012", TODAY, &c, &e), EX_DATAERR, "wrong check char");
	is_str(e.msg, "check character should be 1", "wrong check reason names the right one");

	/* The reason never shows the birth date: it is what the mask hides. */
	id = with_check("11010519490231001");
	is_str(id_reason(id), "the birth date in it is not a date", "0231 not a date");
	is_str(id_reason(with_check("11010520301001001")), "the birth date in it is in the future",
	       "future birth date");
	ok(!strstr(id_reason(with_check("11010520301001001")), "2030"),
	   "the reason does not show the birth date the mask hides");
	is_str(id_reason(with_check("11010518991231001")), "the birth date in it is not a date",
	       "before 1900 not a date");
	is_str(id_reason(with_check("11010519001301001")), "the birth date in it is not a date",
	       "month 13 not a date");
	is_str(id_reason(with_check("11010519000229001")), "the birth date in it is not a date",
	       "1900 not a leap year");
	is_str(id_reason(with_check("11010520000229001")), "ok", "2000-02-29 is a date");
	is_str(id_reason(with_check("11010520250601001")), "ok", "born today is fine");

	is_str(id_reason("1.10105E+17"),
	       "looks like a number Excel rounded; format the column as text and export again",
	       "scientific notation");
	is_str(id_reason("1.10105e17"),
	       "looks like a number Excel rounded; format the column as text and export again",
	       "scientific notation, lower-case e");
	is_str(id_reason("110105194912310000"),
	       "looks like a number Excel rounded; format the column as text and export again",
	       "ends in 000 with a wrong check char");
	is_str(id_reason("440106199001012000"), "ok", "ends in 000 but the check char is right");

	is_str(id_reason("12345"), "expected 18 characters (or 15), got 5", "too short");
	is_str(id_reason("11010519491231002X1"), "expected 18 characters (or 15), got 19",
	       "too long");
	is_str(id_reason(""), "expected 18 characters (or 15), got 0", "empty");
	is_str(id_reason("11010519491231A02X"), "must be 17 digits and a check character",
	       "letter in the first 17");
	is_str(id_reason("11010519491231002Y"), "must be 17 digits and a check character",
	       "bad check position");

	is_int(idcard_parse("110105491231002", TODAY, &c, &e), 0, "15 digits accepted");
	is_str(c.id, "11010519491231002X", "15 digits upgraded");
	is_int(c.upgraded, 1, "upgraded flag");
	is_int(c.birth_year, 1949, "upgraded birth year");
	is_str(id_reason("11010549123100A"), "a 15-character ID must be all digits",
	       "15 with a letter");

	snprintf(raw, sizeof raw, "%s", with_check("81000019900101001"));
	is_int(idcard_parse(raw, TODAY, &c, &e), 0, "81 permit valid");
	is_int(c.kind, ID_HKMO_PERMIT, "81 is HKMO");
	is_int(idcard_parse(with_check("82000019900101002"), TODAY, &c, &e), 0, "82 valid");
	is_int(c.kind, ID_HKMO_PERMIT, "82 is HKMO");
	is_int(idcard_parse(with_check("83000019851111003"), TODAY, &c, &e), 0, "83 valid");
	is_int(c.kind, ID_TW_PERMIT, "83 is Taiwan");
	is_int(idcard_parse("93115619800101001X", TODAY, &c, &e), 0, "pinned: 9... valid");
	is_int(c.kind, ID_FOREIGNER, "9 is foreigner");
	ok(c.birth_year == 1980 && c.birth_month == 1 && c.birth_day == 1, "foreigner birth");
	is_int(idcard_parse("110105199001010010", TODAY, &c, &e) == 0 && c.kind == ID_RESIDENT, 1,
	       "a citizen ID is a resident card");
}

static void test_phone(void)
{
	char out[8];
	struct shequ_err e;

	is_str(ph("+86 138-0013-8000"), "OK 13800138000", "+86 with spaces and hyphens");
	is_str(ph("0086 13800138000"), "OK 13800138000", "0086 prefix");
	is_str(ph("8613800138000"), "OK 13800138000", "86 prefix with 11 digits");
	is_str(ph("１３８００１３８０００"), "OK 13800138000", "full-width digits");
	is_str(ph("(+86) 138.0013.8000"), "OK 13800138000", "parentheses and dots");
	is_str(ph("\u300019912345678\u00A0"), "OK 19912345678", "odd spaces");
	is_str(ph("010-12345678"), "BAD 010-12345678", "landline rejected, kept as written");
	is_str(ph("  12345  "), "BAD 12345", "short number kept trimmed");
	is_str(ph("12800138000"), "BAD 12800138000", "12x not a mobile prefix");
	is_str(ph("138001380001"), "BAD 138001380001", "12 digits rejected");
	is_str(ph("86 1380013800"), "BAD 86 1380013800", "86 + 10 digits rejected");
	is_str(ph("13900000000"), "OK 13900000000", "13..19: the plain path");
	is_str(ph("19912345678"), "OK 19912345678", "199 is a mobile prefix");
	is_str(ph("12912345678"), "BAD 12912345678", "12x rejected on the plain path too");
	is_str(ph("1391234567a"), "BAD 1391234567a", "a letter in the last place");
	is_str(ph("1391234567"), "BAD 1391234567", "10 digits");
	is_str(ph("23912345678"), "BAD 23912345678", "not starting with 1");
	is_str(ph("+8613912345678"), "OK 13912345678", "+86 then the plain rule");
	is_int(phone_normalize("13800138000", out, sizeof out, &e), EX_SOFTWARE,
	       "too small a buffer is a bug");
}

static void test_mask(void)
{
	char out[MASK_SIZE];

	mask_id("37028119850612123X", out, sizeof out);
	is_str(out, "370281********123X", "18-character ID");
	mask_id("110105491231002", out, sizeof out);
	is_str(out, "110**********02", "15-character ID");
	mask_id("12345", out, sizeof out);
	is_str(out, "*****", "short ID all stars");
	mask_phone("13912345678", out, sizeof out);
	is_str(out, "139****5678", "mobile");
	mask_phone("010-12345678", out, sizeof out);
	is_str(out, "010*******78", "other phone");
	mask_phone("123", out, sizeof out);
	is_str(out, "***", "short phone all stars");
	mask_phone("139****5678", out, sizeof out);
	is_str(out, "139****5678", "a masked phone is not masked again");
	mask_id("370281********123X", out, sizeof out);
	is_str(out, "370281********123X", "a masked ID is not masked again");
	mask_name("张*", out, sizeof out);
	is_str(out, "张*", "a masked name is not masked again");
	mask_name("张三", out, sizeof out);
	is_str(out, "张*", "two-character name");
	mask_name("欧阳娜娜", out, sizeof out);
	is_str(out, "欧***", "four-character name");
	mask_name("王", out, sizeof out);
	is_str(out, "王*", "one-character name");
	mask_name("", out, sizeof out);
	is_str(out, "", "empty name");
	mask_name("欧阳娜娜", out, 5);
	is_str(out, "欧*", "small buffer cut at a character boundary");
}

int main(void)
{
	test_norm_text();
	test_norm_name();
	test_utf8();
	test_idcard();
	test_phone();
	test_mask();
	return tap_done();
}
