#pragma once

#include "role.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace greenlight::gateway::auth {

// An operator known to the gateway.
struct User {
    std::string name; // shown to other operators and written to the audit log
    Role role = Role::Viewer;
};

// The gateway's operators and their bearer tokens, read from a users file: one user per line,
// `name role token`, separated by blanks; roles are viewer, officer, coordinator, supervisor;
// blank lines and '#' comments are ignored. Names and tokens must be unique. An empty directory
// (default-constructed) is demo mode: every caller is "operator", a supervisor.
// Immutable after loading, so safe to share between threads.
class UserDirectory
{
public:
    // Demo mode.
    UserDirectory() = default;

    // Parses a users file's text; source names it in errors. On a malformed file returns nothing
    // and sets *error to one line naming the line ("users.txt:3: unknown role 'boss' ...").
    static std::optional<UserDirectory> parse(std::string_view text, const std::string &source, std::string *error);
    // Reads and parses the file at path.
    static std::optional<UserDirectory> load(const std::string &path, std::string *error);

    // True when there is no users file and everyone is a supervisor.
    bool demoMode() const { return m_demo; }
    // How many users the file names.
    std::size_t size() const { return m_byToken.size(); }
    // The user for an `authorization` metadata value ("Bearer <token>"), or nothing when the value
    // is missing, malformed or names no user. In demo mode, always the demo supervisor.
    std::optional<User> authenticate(std::string_view authorization) const;
    // The demo mode's one user.
    static User demoUser();

private:
    bool m_demo = true;
    std::map<std::string, User, std::less<>> m_byToken;
};

} // namespace greenlight::gateway::auth
