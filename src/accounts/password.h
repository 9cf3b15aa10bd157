// Password hashing and session tokens, with OpenSSL.
//
// Passwords are stored as PBKDF2-HMAC-SHA256 with a per-user random salt:
// "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>", so the iteration count
// can rise later without invalidating stored hashes. OWASP's 2023 figure for
// PBKDF2-HMAC-SHA256 is 600,000 iterations (~0.2 s of one core here): a
// stolen database costs an attacker that much per guess, and a login costs
// us the same once. Session tokens are 256 random bits; only their SHA-256
// is stored.
#pragma once

#include <string>
#include <string_view>

namespace trolyso::accounts {

inline constexpr int kPbkdf2Iterations = 600'000;

std::string HashPassword(std::string_view password, int iterations = kPbkdf2Iterations);

// Recomputes with the stored salt and iterations and compares in constant
// time. False for a malformed stored hash.
bool VerifyPassword(std::string_view password, std::string_view stored_hash);

// Burns the same time as a VerifyPassword, for a login with an unknown
// username: the answer's timing must not tell which usernames exist.
void SpendPasswordCheckTime();

// A one-time password to hand to a new user: 16 characters from an alphabet
// without look-alikes (no 0/O, 1/l/I), ~93 bits.
std::string GeneratePassword();

std::string NewSessionToken();                  // 64 hex characters
std::string TokenHash(std::string_view token);  // SHA-256, hex

}  // namespace trolyso::accounts
