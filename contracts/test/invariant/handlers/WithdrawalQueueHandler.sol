// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {CommonBase} from "forge-std/Base.sol";
import {Vm} from "forge-std/Vm.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

import {WithdrawalQueue} from "../../../src/hub/WithdrawalQueue.sol";
import {IWithdrawalQueue} from "../../../src/shared/interfaces/IWithdrawalQueue.sol";
import {HarnessPool} from "../../hub/harness/HarnessPool.sol";
import {RequestReceiver} from "../../hub/harness/ERC721Harness.sol";

/// @dev Drives the queue the way users, the pool, the pauser and the admin do, and keeps ghost
///      records the invariants compare against.
contract WithdrawalQueueHandler is CommonBase, StdCheats, StdUtils {
    WithdrawalQueue public immutable queue;
    HarnessPool public immutable pool;
    address public immutable pauser;
    address public immutable admin;
    address[] internal actors;
    /// @dev Request holders: the actors and a contract receiver (safe transfers reach it).
    address[] public holders;
    /// @dev A contract without onERC721Received: safe transfers to it must revert.
    address public immutable nonReceiver;

    mapping(uint256 requestId => uint256) public ghostClaimCount;
    mapping(uint256 requestId => uint256) public ghostPaid;
    /// @dev Worked out here at finalization, from the rate each request saw and the finalization
    ///      rate: an oracle independent of the queue's checkpoints.
    mapping(uint256 requestId => uint256) public ghostExpectedEth;
    mapping(uint256 requestId => uint256) internal ghostShares;
    mapping(uint256 requestId => uint256) internal ghostRateAtRequest;
    /// @dev The request's value at the exact rate on the exact shares the caller sent: no payout
    ///      may exceed it once the finalization rate is applied (WQ-4).
    mapping(uint256 requestId => uint256) public ghostSentShares;
    mapping(uint256 requestId => uint256) public ghostExactRate;
    /// @dev Set if a request took more trETH from the caller than its whole units (WQ-7).
    bool public ghostRemainderTaken;
    /// @dev Set if a transfer that must fail (stranger, wrong from, unsafe receiver) went through.
    bool public ghostForbiddenTransferSucceeded;
    /// @dev Set if a finalize ever started anywhere but right after the last finalized request.
    bool public ghostOutOfOrderFinalize;
    /// @dev Set if a claim that must fail (double, stranger, unfinalized) went through.
    bool public ghostForbiddenClaimSucceeded;
    uint256 public ghostDonated;

    mapping(bytes32 action => uint256) public calls;

    constructor(WithdrawalQueue queue_, HarnessPool pool_, address pauser_, address admin_) {
        queue = queue_;
        pool = pool_;
        pauser = pauser_;
        admin = admin_;
        for (uint256 i; i < 4; ++i) {
            address a = address(uint160(0xA11CE + i));
            actors.push(a);
            holders.push(a);
            pool.mint(a, 1_000_000 ether);
            vm.prank(a);
            pool.approve(address(queue), type(uint256).max);
            vm.deal(a, 1 ether);
        }
        holders.push(address(new RequestReceiver(RequestReceiver.onERC721Received.selector)));
        nonReceiver = address(new RequestReceiver(0xdeadbeef));
    }

    function holderCount() external view returns (uint256) {
        return holders.length;
    }

    function request(uint256 actorSeed, uint256 shares, uint256 ownerSeed) external {
        if (queue.requestsPaused()) {
            vm.expectRevert(IWithdrawalQueue.WithdrawalQueue_RequestsPaused.selector);
            vm.prank(_actor(actorSeed));
            queue.requestWithdrawal(1 ether, _actor(ownerSeed));
            return;
        }
        uint256 rate = pool.getRate();
        // In range once the queue takes whole 1e9-wei units at the rate rounded down to 1e-9;
        // any sub-unit remainder on top.
        uint256 steps = rate / 1e9;
        shares = bound(shares, ((0.001 ether + steps - 1) / steps) * 1e9, (1_000 ether / steps) * 1e9 + 1e9 - 1);
        address actor = _actor(actorSeed);
        uint256 before = pool.balanceOf(actor);
        vm.prank(actor);
        uint256 id = queue.requestWithdrawal(shares, _holder(ownerSeed));
        if (before - pool.balanceOf(actor) != shares - shares % 1e9) ghostRemainderTaken = true;
        // The handler's own model of what the queue stores: whole units, the rate rounded down.
        ghostShares[id] = shares - shares % 1e9;
        ghostRateAtRequest[id] = steps * 1e9;
        ghostSentShares[id] = shares;
        ghostExactRate[id] = rate;
        ++calls["request"];
    }

    function setRate(uint256 rate) external {
        pool.setRate(bound(rate, 0.5e18, 2e18));
        ++calls["setRate"];
    }

    function finalize(uint256 upToSeed, uint256 rate) external {
        uint256 last = queue.lastRequestId();
        uint256 lastFinalized = queue.lastFinalizedRequestId();
        if (lastFinalized == last) return;
        uint256 upTo = bound(upToSeed, lastFinalized + 1, last);
        rate = bound(rate, 0.5e18, 2e18);
        (uint256 eth,) = queue.prefinalize(upTo, rate);
        for (uint256 id = lastFinalized + 1; id <= upTo; ++id) {
            uint256 lower = ghostRateAtRequest[id] < rate ? ghostRateAtRequest[id] : rate;
            ghostExpectedEth[id] = ghostShares[id] * lower / 1e18;
        }
        vm.deal(address(pool), address(pool).balance + eth);
        vm.recordLogs();
        pool.finalizeWithdrawals(upTo, rate);
        // The event's fromRequestId must be right after the previous finalized request.
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == IWithdrawalQueue.WithdrawalsFinalized.selector) {
                if (uint256(logs[i].topics[1]) != lastFinalized + 1 || uint256(logs[i].topics[2]) != upTo) {
                    ghostOutOfOrderFinalize = true;
                }
            }
        }
        ++calls["finalize"];
    }

    /// @dev Also tries to finalize an already finalized range, which must revert.
    function finalizeOutOfOrder(uint256 upToSeed) external {
        uint256 lastFinalized = queue.lastFinalizedRequestId();
        if (lastFinalized == 0) return;
        uint256 upTo = bound(upToSeed, 1, lastFinalized);
        vm.prank(address(pool));
        try queue.finalize(upTo, 1e18) {
            ghostOutOfOrderFinalize = true;
        } catch {}
        ++calls["finalizeOutOfOrder"];
    }

    function claim(uint256 idSeed) external {
        uint256 lastFinalized = queue.lastFinalizedRequestId();
        if (lastFinalized == 0) return;
        uint256 id = bound(idSeed, 1, lastFinalized);
        IWithdrawalQueue.Request memory req = queue.getRequest(id);
        if (req.claimed) {
            vm.prank(_actor(idSeed));
            try queue.claim(id) {
                ghostForbiddenClaimSucceeded = true;
            } catch {}
            ++calls["claimAgain"];
            return;
        }
        address owner = queue.ownerOf(id);
        uint256 before = owner.balance;
        vm.prank(owner);
        queue.claim(id);
        ghostPaid[id] += owner.balance - before;
        ++ghostClaimCount[id];
        ++calls["claim"];
    }

    function claimByStranger(uint256 idSeed) external {
        uint256 last = queue.lastRequestId();
        if (last == 0) return;
        uint256 id = bound(idSeed, 1, last);
        vm.prank(address(0xBAD));
        try queue.claim(id) {
            ghostForbiddenClaimSucceeded = true;
        } catch {}
        ++calls["claimByStranger"];
    }

    function claimUnfinalized(uint256 idSeed) external {
        uint256 last = queue.lastRequestId();
        uint256 lastFinalized = queue.lastFinalizedRequestId();
        if (lastFinalized == last) return;
        uint256 id = bound(idSeed, lastFinalized + 1, last);
        vm.prank(queue.ownerOf(id));
        try queue.claim(id) {
            ghostForbiddenClaimSucceeded = true;
        } catch {}
        ++calls["claimUnfinalized"];
    }

    function transferRequest(uint256 idSeed, uint256 toSeed) external {
        uint256 last = queue.lastRequestId();
        if (last == 0) return;
        uint256 id = bound(idSeed, 1, last);
        if (queue.getRequest(id).claimed) return;
        address owner = queue.ownerOf(id);
        vm.prank(owner);
        queue.transferFrom(owner, _holder(toSeed), id);
        ++calls["transfer"];
    }

    /// @dev The owner approves a spender, or makes it an operator, and the spender moves the request
    ///      (safely, to a holder that may be the contract receiver); a stranger's move and a safe
    ///      move to a contract that refuses must revert.
    function transferByDelegate(uint256 idSeed, uint256 spenderSeed, uint256 toSeed, bool asOperator) external {
        uint256 last = queue.lastRequestId();
        if (last == 0) return;
        uint256 id = bound(idSeed, 1, last);
        if (queue.getRequest(id).claimed) return;
        address owner = queue.ownerOf(id);
        address spender = _actor(spenderSeed);
        address to = _holder(toSeed);

        vm.prank(address(0xBAD));
        try queue.transferFrom(owner, address(0xBAD), id) {
            ghostForbiddenTransferSucceeded = true;
        } catch {}
        vm.prank(owner);
        try queue.safeTransferFrom(owner, nonReceiver, id) {
            ghostForbiddenTransferSucceeded = true;
        } catch {}

        vm.prank(owner);
        if (asOperator) queue.setApprovalForAll(spender, true);
        else queue.approve(spender, id);
        vm.prank(spender);
        queue.safeTransferFrom(owner, to, id, "");
        // The approval does not survive the move; the operator grant is withdrawn again.
        if (queue.getApproved(id) != address(0)) ghostForbiddenTransferSucceeded = true;
        if (asOperator) {
            vm.prank(owner);
            queue.setApprovalForAll(spender, false);
        }
        ++calls["transferByDelegate"];
    }

    /// @dev The pauser pauses; only the admin (the timelock) resumes.
    function togglePause() external {
        bool paused = queue.requestsPaused();
        vm.prank(paused ? admin : pauser);
        if (paused) queue.resumeRequests();
        else queue.pauseRequests();
        ++calls["togglePause"];
    }

    /// @dev ETH forced in (selfdestruct, coinbase): must never become claimable.
    function donate(uint96 amount) external {
        uint256 eth = bound(amount, 1, 10 ether);
        vm.deal(address(queue), address(queue).balance + eth);
        ghostDonated += eth;
        ++calls["donate"];
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    function _holder(uint256 seed) internal view returns (address) {
        return holders[seed % holders.length];
    }
}
