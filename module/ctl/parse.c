// SPDX-License-Identifier: GPL-2.0
/*
 * Numbers in ctl commands: sizes and addresses.
 */
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/mm.h>
#include <linux/string.h>

#include "ctl.h"

/**
 * highpt_ctl_size() - parse a ctl number, with an optional K, M or G
 * @s: the word: decimal, or hexadecimal after 0x
 * @v: the value, multiplied by 2^10, 2^20 or 2^30 for a suffix
 *
 * Return: 0, -EINVAL for a malformed word, -ERANGE if it overflows.
 */
int highpt_ctl_size(const char *s, u64 *v)
{
	size_t len = strlen(s);
	unsigned int shift = 0;
	char num[24];
	int ret;

	if (len && strchr("kKmMgG", s[len - 1])) {
		shift = strchr("kK", s[len - 1]) ? 10 :
			strchr("mM", s[len - 1]) ? 20 : 30;
		len--;
	}
	if (!len || len >= sizeof(num))
		return len ? -ERANGE : -EINVAL;
	memcpy(num, s, len);
	num[len] = '\0';
	ret = kstrtoull(num, 0, v);
	if (ret)
		return ret;
	if (*v > (U64_MAX >> shift))
		return -ERANGE;
	*v <<= shift;
	return 0;
}

/**
 * highpt_ctl_range() - parse a page-aligned address or length
 * @word: the word, as highpt_ctl_size() reads it
 * @max: the largest value allowed
 * @v: the value
 *
 * Return: 0; -EINVAL for a malformed or unaligned word, -ERANGE past @max.
 */
int highpt_ctl_range(const char *word, u64 max, u64 *v)
{
	int ret = highpt_ctl_size(word, v);

	if (ret)
		return ret;
	if (*v & (PAGE_SIZE - 1))
		return -EINVAL;
	return *v > max ? -ERANGE : 0;
}
