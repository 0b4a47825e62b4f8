// SPDX-License-Identifier: GPL-2.0
/*
 * Numbers in ctl commands: counts, ids, sizes and addresses, all read by
 * one parser. A number is decimal digits, or 0x or 0X and hexadecimal
 * digits; a size may end in K, M or G. No sign, no octal: "010" is ten,
 * as a reader of README.md expects.
 */
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/string.h>

#include "ctl.h"

static unsigned int highpt_ctl_suffix_shift(char c)
{
	switch (c) {
	case 'K':
		return 10;
	case 'M':
		return 20;
	case 'G':
		return 30;
	default:
		return 0;
	}
}

/**
 * highpt_ctl_number() - parse a ctl number
 * @word: decimal digits, or 0x or 0X and hexadecimal digits
 * @suffix: whether a K, M or G (2^10, 2^20, 2^30) may end @word
 * @v: the value
 *
 * Every character is checked before any arithmetic, so a malformed word
 * is -EINVAL however long it is.
 *
 * Return: 0, -EINVAL for a malformed word, -ERANGE if it overflows u64.
 */
int highpt_ctl_number(const char *word, bool suffix, u64 *v)
{
	size_t i, len = strlen(word);
	unsigned int base = 10, shift = 0;
	u64 n = 0;

	if (suffix && len) {
		shift = highpt_ctl_suffix_shift(word[len - 1]);
		if (shift)
			len--;
	}
	if (len > 2 && word[0] == '0' && (word[1] == 'x' || word[1] == 'X')) {
		base = 16;
		word += 2;
		len -= 2;
	}
	if (!len)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		int d = hex_to_bin(word[i]);

		if (d < 0 || d >= base)
			return -EINVAL;
	}
	for (i = 0; i < len; i++)
		if (check_mul_overflow(n, (u64)base, &n) ||
		    check_add_overflow(n, (u64)hex_to_bin(word[i]), &n))
			return -ERANGE;
	if (n > (U64_MAX >> shift))
		return -ERANGE;
	*v = n << shift;
	return 0;
}

/**
 * highpt_ctl_u32() - parse a count or an id, without a suffix
 * @word: the word, as highpt_ctl_number() reads it
 * @min: the smallest value allowed
 * @max: the largest value allowed, at most U32_MAX
 * @v: the value
 *
 * Return: 0; -EINVAL for a malformed word, -ERANGE outside @min..@max.
 */
int highpt_ctl_u32(const char *word, u32 min, u32 max, u32 *v)
{
	u64 n;
	int ret = highpt_ctl_number(word, false, &n);

	if (ret)
		return ret;
	if (n < min || n > max)
		return -ERANGE;
	*v = n;
	return 0;
}

/**
 * highpt_ctl_range() - parse a page-aligned address or length
 * @word: the word, as highpt_ctl_number() reads it, with a suffix allowed
 * @max: the largest value allowed
 * @v: the value
 *
 * Return: 0; -EINVAL for a malformed or unaligned word, -ERANGE past @max.
 */
int highpt_ctl_range(const char *word, u64 max, u64 *v)
{
	int ret = highpt_ctl_number(word, true, v);

	if (ret)
		return ret;
	if (*v & (PAGE_SIZE - 1))
		return -EINVAL;
	return *v > max ? -ERANGE : 0;
}
