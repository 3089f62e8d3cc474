-- AlterTable
ALTER TABLE "users" ADD COLUMN "google_avatar_url" TEXT;
