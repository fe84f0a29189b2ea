// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";

import {WithdrawalQueue} from "../../src/hub/WithdrawalQueue.sol";
import {IWithdrawalQueue} from "../../src/shared/interfaces/IWithdrawalQueue.sol";
import {HarnessPool} from "../hub/harness/HarnessPool.sol";
import {WithdrawalQueueHandler} from "./handlers/WithdrawalQueueHandler.sol";

/// @dev Properties WQ-1..WQ-7 of test/invariant/PROPERTIES.md. Handler calls never revert
///      (expected failures are caught and checked inside), so a revert is a bug.
/// forge-config: default.invariant.fail-on-revert = true
/// forge-config: ci.invariant.fail-on-revert = true
contract WithdrawalQueueInvariantTest is Test {
    WithdrawalQueue internal queue;
    HarnessPool internal pool;
    WithdrawalQueueHandler internal handler;

    function setUp() public {
        address admin = makeAddr("admin");
        address pauser = makeAddr("pauser");
        pool = new HarnessPool();
        queue = new WithdrawalQueue(address(pool), admin);
        pool.setQueue(queue);
        bytes32 pauserRole = queue.PAUSER_ROLE();
        vm.prank(admin);
        queue.grantRole(pauserRole, pauser);

        handler = new WithdrawalQueueHandler(queue, pool, pauser, admin);
        targetContract(address(handler));
    }

    /// WQ-1: requests finalize strictly in order; finalized ones are a prefix of the queue.
    function invariant_finalizesInOrder() public view {
        assertFalse(handler.ghostOutOfOrderFinalize(), "finalize out of order");
        uint256 last = queue.lastRequestId();
        uint256 lastFinalized = queue.lastFinalizedRequestId();
        assertLe(lastFinalized, last);
        for (uint256 id = 1; id <= last; ++id) {
            IWithdrawalQueue.Request memory r = queue.getRequest(id);
            assertEq(r.finalized, id <= lastFinalized, "finalized flag off the prefix");
            if (id <= lastFinalized) {
                assertGt(r.ethFinalized, 0, "finalized request without ETH");
            } else {
                assertEq(r.ethFinalized, 0, "ETH past the finalized prefix");
                assertFalse(r.claimed, "claimed past the finalized prefix");
            }
        }
    }

    /// WQ-2: lockedEther is exactly the ETH of finalized, unclaimed requests, both as the queue
    ///       reports it and as the handler worked it out at finalization.
    function invariant_lockedEtherMatchesUnclaimed() public view {
        uint256 sum;
        uint256 expected;
        uint256 lastFinalized = queue.lastFinalizedRequestId();
        for (uint256 id = 1; id <= lastFinalized; ++id) {
            IWithdrawalQueue.Request memory r = queue.getRequest(id);
            if (!r.claimed) {
                sum += r.ethFinalized;
                expected += handler.ghostExpectedEth(id);
            }
        }
        assertEq(queue.lockedEther(), sum);
        assertEq(queue.lockedEther(), expected);
    }

    /// WQ-3: the queue always holds the ETH it owes; forced-in ETH is the only surplus.
    function invariant_balanceCoversLockedEther() public view {
        assertGe(address(queue).balance, queue.lockedEther());
        assertEq(address(queue).balance, queue.lockedEther() + handler.ghostDonated());
    }

    /// WQ-4: no request pays more than its shares at the request-time rate, nor more than the
    ///       exact value of what the caller sent at the exact rate (the queue rounds both down);
    ///       each pays exactly shares * min(rate at request, its own finalization's rate), and a
    ///       claim pays that.
    function invariant_payoutBoundedByRequestRate() public view {
        uint256 last = queue.lastRequestId();
        for (uint256 id = 1; id <= last; ++id) {
            IWithdrawalQueue.Request memory r = queue.getRequest(id);
            assertLe(r.ethFinalized, uint256(r.shares) * r.rateAtRequest / 1e18);
            assertLe(r.ethFinalized, handler.ghostSentShares(id) * handler.ghostExactRate(id) / 1e18, "above exact value");
            assertEq(r.ethFinalized, handler.ghostExpectedEth(id), "payout off its finalization rate");
            if (r.claimed) assertEq(handler.ghostPaid(id), r.ethFinalized, "claim paid the wrong amount");
            else assertEq(handler.ghostPaid(id), 0);
        }
    }

    /// WQ-5: a request is claimed at most once; no stranger, double or early claim succeeds.
    function invariant_claimedAtMostOnce() public view {
        assertFalse(handler.ghostForbiddenClaimSucceeded(), "forbidden claim succeeded");
        uint256 last = queue.lastRequestId();
        for (uint256 id = 1; id <= last; ++id) {
            uint256 count = handler.ghostClaimCount(id);
            assertLe(count, 1);
            assertEq(count == 1, queue.getRequest(id).claimed);
        }
    }

    /// WQ-6: unfinalized shares are exactly the trETH the queue holds (the pool burns the rest).
    function invariant_unfinalizedSharesHeld() public view {
        uint256 sum;
        uint256 last = queue.lastRequestId();
        for (uint256 id = queue.lastFinalizedRequestId() + 1; id <= last; ++id) {
            sum += queue.getRequest(id).shares;
        }
        assertEq(queue.unfinalizedShares(), sum);
        assertEq(pool.balanceOf(address(queue)), sum);
    }

    /// WQ-7: ERC-721 accounting: each holder's balance is the number of live requests it owns,
    ///       claimed requests have no owner (and ownerOf reverts), live ones report the same owner
    ///       in ownerOf and getRequest; no stranger, wrong-from or unsafe transfer went through and
    ///       no request took more trETH than its whole 1e9-wei units.
    function invariant_erc721Accounting() public view {
        assertFalse(handler.ghostForbiddenTransferSucceeded(), "forbidden transfer succeeded");
        assertFalse(handler.ghostRemainderTaken(), "sub-unit remainder taken");
        uint256 holders = handler.holderCount();
        uint256[] memory owned = new uint256[](holders);
        uint256 live;
        uint256 last = queue.lastRequestId();
        for (uint256 id = 1; id <= last; ++id) {
            IWithdrawalQueue.Request memory r = queue.getRequest(id);
            assertEq(r.claimed, r.owner == address(0));
            if (r.claimed) continue;
            ++live;
            assertEq(queue.ownerOf(id), r.owner);
            for (uint256 h; h < holders; ++h) {
                if (handler.holders(h) == r.owner) ++owned[h];
            }
        }
        uint256 sum;
        for (uint256 h; h < holders; ++h) {
            assertEq(queue.balanceOf(handler.holders(h)), owned[h], "balance off its requests");
            sum += owned[h];
        }
        assertEq(sum, live, "a live request outside the holders");
    }
}
