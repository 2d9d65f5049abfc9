/*
 * lexicon.h - word lists of the comparison stage (lexicon.c). Keys are
 * normalized lowercase (tx_token.norm); multi-word keys joined by a space.
 */
#ifndef PX_CMP_LEXICON_H
#define PX_CMP_LEXICON_H

#include "../common/common.h"

bool lx_is_place(const char *w, size_t n);      /* country, capital, region */
bool lx_is_demonym(const char *w, size_t n);    /* Russian, Israeli, ... */
bool lx_is_role_head(const char *w, size_t n);  /* president, spokeswoman */
bool lx_is_role_mod(const char *w, size_t n);   /* deputy, foreign, prime */
bool lx_is_org_head(const char *w, size_t n);   /* ministry, council, group */
bool lx_is_org_noun(const char *w, size_t n);   /* group, movement (anaphora) */
bool lx_is_not_name(const char *w, size_t n);   /* days, months, I, ... */
bool lx_is_loaded(const char *w, size_t n);     /* framing words */
bool lx_is_particle(const char *w, size_t n);
bool lx_is_thing(const char *w, size_t n);       /* ferry, tanker, hurricane */
/* True when every list is in byte order without repeats, as the binary
 * search of the lookups needs (a test checks it). */
bool lx_lists_sorted(void);
/* The adjective of a place ("russia" -> "russian", "france" -> "french"),
 * or NULL when it is no place the lexicon pairs with one. */
const char *lx_demonym_of(const char *w, size_t n);   /* al-, bin, de, van, abu */

#endif
