-- One database per service: each owns its data (ARCHITECTURE.md).
CREATE DATABASE users;
CREATE DATABASE jobs;
CREATE DATABASE applications;
CREATE DATABASE notifications;
CREATE DATABASE search;
CREATE DATABASE analytics;
