package com.playtcha.examples.quarkus.jpa;

import io.quarkus.security.jpa.Password;
import io.quarkus.security.jpa.Roles;
import io.quarkus.security.jpa.UserDefinition;
import io.quarkus.security.jpa.Username;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A user of the application, as quarkus-security-jpa-reactive reads it: the name, the password's bcrypt hash (Modular
 * Crypt Format, the annotation's default) and a role. Quarkus's provider loads it through Hibernate Reactive when a
 * login is judged; the login guard decides the login first.
 */
@Entity
@Table(name = "account")
@UserDefinition
public class Account {

    @Id
    @Username
    public String name;

    @Password
    public String password;

    @Roles
    public String role;
}
