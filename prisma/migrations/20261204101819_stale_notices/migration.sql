-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'stale';

